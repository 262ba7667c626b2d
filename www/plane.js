// Editing the 2-D mixture on its plane chart with a mouse, a pen or a finger:
// a click adds points (the brush's count), dragging a point moves it,
// shift-click or a long press deletes it, dragging a mean or an ellipse's
// square handle sets the starting parameters. Each gesture calls one handle
// method per pointer event and lets the widget redraw from the new state.
// Hovering a point (or tapping it) shows its coordinates and responsibilities.
// A finger elsewhere on the chart scrolls the page.

import { formatNumber, h } from "./dom.js";

/** How near (CSS pixels) a pointer must be to grab a handle, a mean or a point. */
const GRAB_HANDLE = 12;
const GRAB_MEAN = 14;
const GRAB_POINT = 8;

/** A press this long (ms) without moving deletes the point under it (touch and pen). */
const LONG_PRESS = 550;

/** Moving further than this (CSS pixels) turns a press into a drag. */
const DRAG_SLOP = 4;

/** A tapped point's values stay shown this long (ms). */
const TAP_TIP = 4000;

/**
 * Makes `canvas` (the plane chart of `widget`) editable. `widget` provides
 * `handle`, `lastState`, `act(group, action)`, `pause()`, `t(key, values)`,
 * `brush()` (points per click) and `isPlane()`.
 * Returns a function that removes the listeners.
 */
export function editPlane(widget, canvas) {
  let gesture = null;
  let seed = 1;
  // The points as last fetched, with the data version they belong to.
  let cache = { version: null, points: [] };
  // Pointer users only; the tables give the same numbers to everyone.
  const tip = h("div", { class: "plane-tip", "aria-hidden": "true", hidden: true });
  canvas.parentElement.append(tip);
  let tipTimer = null;

  /** Shows point `index`'s coordinates and γ next to (px, py), or hides the tip (null). */
  const showTip = (index, px, py) => {
    clearTimeout(tipTimer);
    const observation = index === null ? null : widget.handle.observation(index);
    if (!observation) {
      tip.hidden = true;
      return;
    }
    const [x, y] = observation.coordinates.map((v) => formatNumber(v, 3));
    const gamma = observation.responsibilities;
    tip.replaceChildren(
      h("div", {}, widget.t("tip.point", { index: index + 1, x, y })),
      gamma
        ? h("div", {}, "γ: ", gamma.flatMap((g, k) => [h("span", { class: `tip-gamma component-${k % 8}` }, formatNumber(g, 3)), " "]))
        : h("div", {}, widget.t("tip.no-gamma")));
    tip.hidden = false;
    const box = canvas.parentElement.getBoundingClientRect();
    const left = Math.min(px + 14, box.width - tip.offsetWidth - 4);
    const top = py + 14 + tip.offsetHeight > box.height ? py - 14 - tip.offsetHeight : py + 14;
    tip.style.transform = `translate(${Math.max(0, left)}px, ${Math.max(0, top)}px)`;
  };

  /** Device pixels per CSS pixel of the canvas as laid out now. */
  const ratio = () => canvas.width / Math.max(1, canvas.clientWidth);

  /** The plot's mapping between data and CSS pixels, from the last render. */
  const frame = () => {
    const f = widget.handle.planeFrame();
    if (!f) return null;
    const r = ratio();
    const [left, top, right, bottom] = f.plot.map((v) => v / r);
    const [x0, x1] = f.xRange;
    const [y0, y1] = f.yRange;
    return {
      toPixel: ([x, y]) => [left + ((x - x0) / (x1 - x0)) * (right - left), top + ((y1 - y) / (y1 - y0)) * (bottom - top)],
      toData: (px, py) => [x0 + ((px - left) / (right - left)) * (x1 - x0), y1 - ((py - top) / (bottom - top)) * (y1 - y0)],
      inside: (px, py) => px >= left && px <= right && py >= top && py <= bottom,
      clamp: (px, py) => [Math.min(right, Math.max(left, px)), Math.min(bottom, Math.max(top, py))],
    };
  };

  const position = (event) => {
    const rect = canvas.getBoundingClientRect();
    return [event.clientX - rect.left, event.clientY - rect.top];
  };

  /** What lies under the pointer: a handle, a mean, a point, or nothing. */
  const hit = (map, px, py) => {
    const near = (point, reach) => {
      const [x, y] = map.toPixel(point);
      const distance = Math.hypot(x - px, y - py);
      return distance <= reach ? distance : Infinity;
    };
    const state = widget.lastState;
    for (const [k, handles] of state.handles.entries()) {
      for (const axis of ["major", "minor"]) {
        if (near(handles[axis], GRAB_HANDLE) < Infinity) return { kind: "axis", k, axis };
      }
    }
    let best = null;
    for (const [k, handles] of state.handles.entries()) {
      const distance = near(handles.mean, GRAB_MEAN);
      if (distance < (best?.distance ?? Infinity)) best = { kind: "mean", k, distance };
    }
    if (best) return best;
    if (cache.version !== state.dataVersion) {
      cache = { version: state.dataVersion, points: widget.handle.view(state.dataLength).data };
    }
    cache.points.forEach((point, index) => {
      const distance = near(point, GRAB_POINT);
      if (distance < (best?.distance ?? Infinity)) best = { kind: "point", index, distance };
    });
    return best;
  };

  const onDown = (event) => {
    if (!widget.isPlane() || !widget.handle || (event.button ?? 0) !== 0) return;
    const map = frame();
    if (!map) return;
    const [px, py] = position(event);
    if (!map.inside(px, py)) return;
    event.preventDefault();
    widget.pause();
    try {
      canvas.setPointerCapture(event.pointerId);
    } catch {
      // A pointer the browser no longer tracks: the gesture still works inside the canvas.
    }
    const target = hit(map, px, py);
    if (target?.kind === "point" && event.shiftKey) {
      widget.act("data", () => widget.handle.deletePoint(target.index));
      return;
    }
    gesture = { id: event.pointerId, target, from: [px, py], moved: false, map, timer: null };
    canvas.dataset.hover = target ? "dragging" : "empty";
    if (target?.kind === "point" && event.pointerType !== "mouse") {
      gesture.timer = setTimeout(() => {
        if (gesture && !gesture.moved) {
          widget.act("data", () => widget.handle.deletePoint(target.index));
          gesture = null;
        }
      }, LONG_PRESS);
    }
  };

  /** Shows what a press would grab: the stylesheet gives each kind its cursor. */
  const hover = (event) => {
    const map = widget.isPlane() && widget.handle && widget.lastState ? frame() : null;
    const [px, py] = position(event);
    const target = map && map.inside(px, py) ? hit(map, px, py) : null;
    const kind = map && map.inside(px, py) ? target?.kind ?? "empty" : "";
    if (canvas.dataset.hover !== kind) canvas.dataset.hover = kind;
    showTip(target?.kind === "point" ? target.index : null, px, py);
  };

  const onMove = (event) => {
    if (!gesture) {
      if (event.pointerType === "mouse") hover(event);
      return;
    }
    if (event.pointerId !== gesture.id) return;
    const [px, py] = position(event);
    if (!gesture.moved && Math.hypot(px - gesture.from[0], py - gesture.from[1]) < DRAG_SLOP) return;
    gesture.moved = true;
    clearTimeout(gesture.timer);
    showTip(null);
    const target = gesture.target;
    if (!target) return;
    event.preventDefault();
    // The axes follow the data only, so they stay put while a mean or a handle
    // moves; the mapping taken at the press (clamped to the plot) serves the whole drag.
    const [x, y] = gesture.map.toData(...gesture.map.clamp(px, py));
    if (target.kind === "mean") widget.act("start", () => widget.handle.dragMean(target.k, x, y));
    else if (target.kind === "axis") widget.act("start", () => widget.handle.dragAxis(target.k, target.axis, x, y));
    else widget.act("data", () => widget.handle.movePoint(target.index, x, y));
  };

  const onUp = (event) => {
    if (!gesture || event.pointerId !== gesture.id) return;
    clearTimeout(gesture.timer);
    const { target, moved, from, map } = gesture;
    gesture = null;
    // One drag is one step for Undo.
    widget.handle.endDataEdit();
    canvas.dataset.hover = target ? target.kind : "empty";
    if (target?.kind === "point" && !moved && event.type === "pointerup") {
      // A tap (or click) on a point shows its values for a while.
      showTip(target.index, ...from);
      tipTimer = setTimeout(() => showTip(null), TAP_TIP);
    }
    if (moved || target || event.type === "pointercancel") return;
    const [x, y] = map.toData(...from);
    widget.act("data", () => widget.handle.addPoints(x, y, widget.brush(), seed++));
  };

  const onLeave = () => {
    if (!gesture) showTip(null);
  };

  /**
   * A finger on a mean, a handle or a point drags it; anywhere else it
   * scrolls the page as usual (the stylesheet allows panning over the chart),
   * and a tap there adds points.
   */
  const onTouchStart = (event) => {
    const map = widget.isPlane() && widget.handle && widget.lastState ? frame() : null;
    const touch = event.touches[0];
    if (!map || !touch || event.touches.length > 1) return;
    const [px, py] = position(touch);
    if (map.inside(px, py) && hit(map, px, py)) event.preventDefault();
  };

  const listeners = [["pointerdown", onDown], ["pointermove", onMove], ["pointerup", onUp], ["pointercancel", onUp], ["pointerleave", onLeave]];
  for (const [type, listener] of listeners) canvas.addEventListener(type, listener);
  canvas.addEventListener("touchstart", onTouchStart, { passive: false });
  return () => {
    clearTimeout(tipTimer);
    tip.remove();
    for (const [type, listener] of listeners) canvas.removeEventListener(type, listener);
    canvas.removeEventListener("touchstart", onTouchStart);
  };
}
