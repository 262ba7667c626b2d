// The iframe page's side of the embed (embed.html): posts to the parent page
//   {type: "em-playground:resize", height}   whenever the content's height changes,
//   {type: "em-playground:change", detail}   after each change of state (at most once a frame),
//   {type: "em-playground:exercise", detail} after each answer in an exercise (see exercise.js),
// where detail is {model, iteration, phase, logLikelihood, params, converged, error}.
// The parent's em-playground-resizer.js sizes the iframe from the first and
// re-dispatches the second on the iframe element. Messages go to any parent
// origin (an LMS's domain is not known here); they carry no more than the page shows.

const widget = document.querySelector("em-playground");
const embedded = window.parent !== window;
const post = (message) => { if (embedded) window.parent.postMessage(message, "*"); };

let postedHeight = -1;
function postHeight() {
  const height = Math.ceil(document.body.getBoundingClientRect().height);
  if (height !== postedHeight) {
    postedHeight = height;
    post({ type: "em-playground:resize", height });
  }
}
new ResizeObserver(postHeight).observe(document.body);

/** The part of state() a parent page records: no data, no responsibilities. */
function summary(state) {
  const { model, iteration, phase, logLikelihood, params, converged, error } = state;
  return { model, iteration, phase, logLikelihood, params, converged, error };
}

let changeQueued = false;
function postChange() {
  if (changeQueued) return;
  changeQueued = true;
  requestAnimationFrame(() => {
    changeQueued = false;
    const state = widget.state();
    if (state) post({ type: "em-playground:change", detail: summary(state) });
  });
}
widget.addEventListener("em-change", postChange);
widget.addEventListener("em-exercise", (event) => post({ type: "em-playground:exercise", detail: event.detail }));
widget.addEventListener("em-ready", () => { postHeight(); postChange(); });
