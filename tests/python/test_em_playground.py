"""The Jupyter package (anywidget wrapper), installed from the wheel
scripts/pack.sh builds. Run by scripts/test.sh with tests/python/.venv:

    python -m unittest discover -s tests/python -v

Its front end is tested in the browser by tests/e2e/anywidget.test.mjs.
"""

import unittest

from em_playground import EmPlayground


class SettingsTest(unittest.TestCase):
    def test_keyword_arguments_become_the_elements_attributes(self):
        widget = EmPlayground(model="coins", pi=0.46, p=0.55, q=0.67)
        self.assertEqual(widget.settings, {"model": "coins", "pi": "0.46", "p": "0.55", "q": "0.67"})

    def test_lists_join_with_commas_underscores_become_hyphens_flags_are_1_or_0(self):
        widget = EmPlayground(model="gmm", weights=[1, 1], means=(2, 4.3), max_iter=50, compact=True, fixed_weights=False)
        self.assertEqual(
            widget.settings,
            {"model": "gmm", "weights": "1,1", "means": "2,4.3", "max-iter": "50", "compact": "1", "fixed-weights": "0"},
        )

    def test_the_settings_go_to_the_front_end(self):
        state = EmPlayground(model="poisson", preset="hasselblad").get_state()
        self.assertEqual(state["settings"], {"model": "poisson", "preset": "hasselblad"})


class FrontEndTest(unittest.TestCase):
    def test_the_module_is_one_file_with_the_stylesheet_and_the_engine_inlined(self):
        esm = EmPlayground(model="coins")._esm
        self.assertIn("customElements.define", esm)
        # The .wasm's first bytes ("\0asm", version 1) as esbuild's binary loader writes them: base64.
        self.assertIn("AGFzbQEAAAA", esm)
        self.assertIn("grid-template-columns", esm)  # the stylesheet's text
        # Nothing is loaded relative to the module (anywidget's blob: URL has no folder).
        for relative in ('from"./', 'import("./', "from './", 'from "./'):
            self.assertNotIn(relative, esm)


class StateTest(unittest.TestCase):
    def test_before_the_widget_draws_nothing_is_known(self):
        widget = EmPlayground(model="coins")
        self.assertIsNone(widget.params)
        self.assertIsNone(widget.log_likelihood)
        self.assertIsNone(widget.iteration)

    def test_the_state_the_front_end_sends_back_is_read_in_python(self):
        widget = EmPlayground(model="coins", pi=0.46, p=0.55, q=0.67)
        changes = []
        widget.observe(lambda change: changes.append(change["new"]), names="state")
        # What the front end sends after one iteration, applied as ipywidgets
        # applies a comm update. Values: Li Hang, Example 9.1.
        sent = {
            "model": "coins", "iteration": 1, "phase": "m",
            "params": {"pi": 0.4619, "p": 0.5346, "q": 0.6561},
            "logLikelihood": -6.7301, "converged": False, "error": None, "history": [],
        }
        widget.set_state({"state": sent})
        self.assertEqual(widget.params, {"pi": 0.4619, "p": 0.5346, "q": 0.6561})
        self.assertEqual(widget.log_likelihood, -6.7301)
        self.assertEqual(widget.iteration, 1)
        self.assertEqual(changes, [sent])


if __name__ == "__main__":
    unittest.main()
