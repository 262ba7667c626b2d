//! The wasm boundary and the canvas, in headless Chromium (wasm-bindgen-test).
#![cfg(target_arch = "wasm32")]

use em_playground::web::EmPlayground;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

wasm_bindgen_test_configure!(run_in_browser);

fn get(object: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(object, &JsValue::from_str(key)).unwrap()
}

fn canvas(width: u32, height: u32) -> HtmlCanvasElement {
    let document = web_sys::window().unwrap().document().unwrap();
    let canvas: HtmlCanvasElement = document
        .create_element("canvas")
        .unwrap()
        .dyn_into()
        .unwrap();
    canvas.set_width(width);
    canvas.set_height(height);
    document.body().unwrap().append_child(&canvas).unwrap();
    canvas
}

/// Pixels that are not white.
fn inked_pixels(canvas: &HtmlCanvasElement) -> usize {
    let context: CanvasRenderingContext2d = canvas
        .get_context("2d")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    let image = context
        .get_image_data(
            0.0,
            0.0,
            f64::from(canvas.width()),
            f64::from(canvas.height()),
        )
        .unwrap();
    image
        .data()
        .chunks(4)
        .filter(|p| p[0] < 250 || p[1] < 250 || p[2] < 250)
        .count()
}

#[wasm_bindgen_test]
fn the_state_crosses_as_a_plain_object() {
    let mut handle = EmPlayground::new();
    // The start as an object of texts, as the element sends it.
    let start = js_sys::Object::new();
    for (name, text) in [("pi", "0.4"), ("p", "0.6"), ("q", "0.7")] {
        js_sys::Reflect::set(&start, &JsValue::from_str(name), &JsValue::from_str(text)).unwrap();
    }
    handle.apply_start(start.into()).unwrap();
    assert!(handle.e_step());
    assert!(handle.m_step());
    let state = handle.state().unwrap();
    assert_eq!(get(&state, "model"), JsValue::from_str("coins"));
    assert_eq!(get(&state, "phase"), JsValue::from_str("m"));
    assert_eq!(get(&state, "iteration").as_f64(), Some(1.0));
    let pi = get(&get(&state, "params"), "pi").as_f64().unwrap();
    assert!(
        (pi - 0.4064).abs() < 5e-5,
        "Li Hang's π⁽¹⁾ = 0.4064, got {pi}"
    );
    let rows: js_sys::Array = get(&state, "responsibilities").dyn_into().unwrap();
    assert_eq!(rows.length(), 10);
    let first: js_sys::Array = rows.get(0).dyn_into().unwrap();
    assert_eq!(first.length(), 2);
    let total = first.get(0).as_f64().unwrap() + first.get(1).as_f64().unwrap();
    assert!((total - 1.0).abs() < 1e-12);
    let history: js_sys::Array = get(&state, "history").dyn_into().unwrap();
    assert_eq!(history.length(), 2);
    // The redraw's view: rows cut, and of the history only θ⁽⁰⁾'s record.
    handle.step();
    let view = handle.view(3).unwrap();
    let rows: js_sys::Array = get(&view, "responsibilities").dyn_into().unwrap();
    assert_eq!(rows.length(), 3);
    let history: js_sys::Array = get(&view, "history").dyn_into().unwrap();
    assert_eq!(history.length(), 1);
    assert_eq!(get(&history.get(0), "iteration").as_f64(), Some(0.0));
    assert_eq!(get(&view, "iteration").as_f64(), Some(2.0));
}

#[wasm_bindgen_test]
fn errors_cross_as_js_errors_with_the_message() {
    let mut handle = EmPlayground::new();
    let error: JsValue = handle.set_data_text("1, 0, 7").unwrap_err().into();
    let error: js_sys::Error = error.dyn_into().unwrap();
    let message = String::from(error.message());
    assert!(message.contains("0 (tails) or 1 (heads)"), "{message}");
    assert!(handle.set_model("hmm").is_err());
    assert!(handle.random_start(-1.0).is_err());
    // The last valid state is still there.
    let data: js_sys::Array = get(&handle.state().unwrap(), "data").dyn_into().unwrap();
    assert_eq!(data.length(), 10);
}

#[wasm_bindgen_test]
fn render_draws_every_chart_on_its_canvas() {
    let mut handle = EmPlayground::new();
    handle.set_model("gmm").unwrap();
    handle.load_preset("faithful").unwrap();
    handle.step();
    let canvases: Vec<HtmlCanvasElement> = (0..4).map(|_| canvas(400, 240)).collect();
    let drafted = handle
        .render(
            canvases.iter().map(|c| JsValue::from(c.clone())).collect(),
            1.0,
            true,
        )
        .unwrap();
    assert!(!drafted, "no landscape canvas, so no draft of it");
    for canvas in &canvases {
        let inked = inked_pixels(canvas);
        assert!(inked > 2_000, "only {inked} pixels drawn");
    }
    // The fifth canvas gets the lower bound, once an E-step has built it.
    handle.e_step();
    let bound = canvas(400, 240);
    let none = || JsValue::UNDEFINED;
    handle
        .render(
            vec![none(), none(), none(), none(), JsValue::from(bound.clone())],
            1.0,
            false,
        )
        .unwrap();
    assert!(inked_pixels(&bound) > 2_000);
    // The sixth gets the landscape: as a draft when asked (and it says so), then sharp.
    let landscape = canvas(400, 400);
    let sixth = || {
        vec![
            none(),
            none(),
            none(),
            none(),
            none(),
            JsValue::from(landscape.clone()),
        ]
    };
    assert!(handle.render(sixth(), 1.0, true).unwrap());
    let draft = inked_pixels(&landscape);
    assert!(draft > 20_000, "only {draft} pixels drawn");
    assert!(!handle.render(sixth(), 1.0, false).unwrap());
    // A skipped chart leaves its canvas blank.
    let blank = canvas(400, 240);
    handle
        .render(
            vec![
                JsValue::UNDEFINED,
                JsValue::NULL,
                JsValue::from(blank.clone()),
            ],
            2.0,
            false,
        )
        .unwrap();
    assert!(inked_pixels(&blank) > 2_000);
}

#[wasm_bindgen_test]
fn missing_values_cross_as_null() {
    let handle = EmPlayground::new();
    let state = handle.state().unwrap();
    assert!(get(&state, "responsibilities").is_null(), "no E-step yet");
    assert!(get(&state, "q").is_null());
}

#[wasm_bindgen_test]
fn the_plane_chart_reports_where_it_drew_and_points_cross_as_pairs() {
    let mut handle = EmPlayground::new();
    handle.set_model("gmm2d").unwrap();
    assert!(handle.plane_frame().unwrap().is_null(), "nothing drawn yet");
    let plane = canvas(600, 400);
    let canvases = vec![
        JsValue::UNDEFINED,
        plane.clone().into(),
        JsValue::UNDEFINED,
        JsValue::UNDEFINED,
    ];
    handle.render(canvases, 1.0, false).unwrap();
    assert!(
        inked_pixels(&plane) > 10_000,
        "the density, points and ellipses"
    );
    let frame = handle.plane_frame().unwrap();
    let plot = js_sys::Array::from(&get(&frame, "plot"));
    let [left, top, right, bottom] = [0, 1, 2, 3].map(|i| plot.get(i).as_f64().unwrap());
    assert!(0.0 < left && left < right && right <= 600.0 && 0.0 < top && top < bottom);
    // Data and means cross as [x, y] pairs, covariances as 2 × 2 arrays.
    let state = handle.state().unwrap();
    let first = js_sys::Array::from(&js_sys::Array::from(&get(&state, "data")).get(0));
    assert_eq!(
        (first.get(0).as_f64(), first.get(1).as_f64()),
        (Some(3.6), Some(79.0))
    );
    let params = get(&state, "params");
    let covariance = js_sys::Array::from(&js_sys::Array::from(&get(&params, "covariances")).get(0));
    assert_eq!(js_sys::Array::from(&covariance.get(1)).length(), 2);
    handle.drag_mean(0, 2.0, 60.0).unwrap();
    let moved = js_sys::Array::from(&get(&get(&handle.state().unwrap(), "params"), "means"));
    let mean = js_sys::Array::from(&moved.get(0));
    assert_eq!(
        (mean.get(0).as_f64(), mean.get(1).as_f64()),
        (Some(2.0), Some(60.0))
    );
    assert!(handle.delete_point(5000).is_err());
}

#[wasm_bindgen_test]
fn settings_cross_as_an_object_of_texts_and_the_query_as_pairs() {
    let mut handle = EmPlayground::new();
    let settings = js_sys::Object::new();
    for (name, text) in [
        ("model", "binomial"),
        ("trials", "10"),
        ("data", "5,9,8,4,7"),
        ("probabilities", "0.6,0.5"),
        ("fixed-weights", ""),
        ("landscape", "nowhere"),
    ] {
        js_sys::Reflect::set(
            &settings,
            &JsValue::from_str(name),
            &JsValue::from_str(text),
        )
        .unwrap();
    }
    let outcomes: js_sys::Array = handle.apply_settings(settings.into()).unwrap().into();
    // One outcome per attempt; only the landscape is refused.
    let refused: Vec<JsValue> = outcomes
        .iter()
        .filter(|o| !get(o, "message").is_null())
        .collect();
    assert_eq!(refused.len(), 1);
    assert_eq!(get(&refused[0], "group").as_string().unwrap(), "landscape");
    let link = handle.query(false).unwrap();
    assert_eq!(get(&link, "dataLeftOut").as_bool(), Some(false));
    let query: js_sys::Array = get(&link, "query").into();
    let pairs: Vec<String> = query
        .iter()
        .map(|pair| {
            let pair: js_sys::Array = pair.into();
            format!(
                "{}={}",
                pair.get(0).as_string().unwrap(),
                pair.get(1).as_string().unwrap()
            )
        })
        .collect();
    assert_eq!(
        pairs.join("&"),
        "model=binomial&data=5,9,8,4,7&weights=0.5,0.5&probabilities=0.6,0.5&fixed-weights="
    );
}
