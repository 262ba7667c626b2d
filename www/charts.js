// When <em-playground> draws its charts: the four main ones at once after a
// change, the lower bound and the landscape a frame later (the landscape as
// a draft, sharpened once the state is still), and a chart or section off
// screen (the tables, the worked calculation) when it scrolls into view,
// once the state is still, or before printing. The drawing itself is the engine's
// (`EmPlayground.render`); the element (em-playground.js) extends this class.

import { ScriptableElement } from "./api.js";

/** Charts drawn a frame after a step (many log L evaluations each), by drawDeferred. */
const DEFERRED_CHARTS = ["bound", "landscape"];

/** While Run animates, the deferred charts follow along if they last took less than this (ms). */
const DEFERRED_BUDGET_WHILE_PLAYING = 8;

/** How much larger chart text and lines are in presentation mode, on charts at least PRESENTATION_WIDTH CSS pixels wide. */
const PRESENTATION_SCALE = 1.6;
const PRESENTATION_WIDTH = 600;

/**
 * A chart less than this share of which is on screen (its title strip or
 * its axis labels at the screen's edge) counts as off screen: at 1280 × 900
 * the lower bound and the landscape show only their legends' top line, and
 * drawing them took a quarter of a step's work.
 */
const GLIMPSE = 0.15;

/** Once the state has been still this long (ms), the landscape is drawn on its full grid and the charts and sections off screen are brought up to date. */
const STILL_DELAY = 400;

export class ChartingElement extends ScriptableElement {
  observeCanvases() {
    this.resizeObserver.disconnect();
    this.canvasSizes.clear();
    for (const canvas of this.canvases) this.resizeObserver.observe(canvas);
  }

  /**
   * Redraws at the new resolution when devicePixelRatio changes without a
   * resize (the window moved to another screen, or the page was zoomed):
   * observing the canvases again reports their sizes afresh. (Where the
   * media query does not report it, the next redraw notices; see drawCharts.)
   */
  watchPixelRatio() {
    this.ratioQuery?.removeEventListener("change", this.onRatioChange);
    this.ratioQuery = window.matchMedia(`(resolution: ${window.devicePixelRatio || 1}dppx)`);
    this.onRatioChange = () => {
      this.watchPixelRatio();
      this.observeCanvases();
    };
    this.ratioQuery.addEventListener("change", this.onRatioChange);
  }

  drawCharts() {
    if (!this.handle) return;
    if (this.sizedRatio !== undefined && this.sizedRatio !== (window.devicePixelRatio || 1)) {
      // Sized for another pixel ratio: measure again; the observer then redraws.
      this.sizedRatio = undefined;
      this.watchPixelRatio();
      this.observeCanvases();
      return;
    }
    for (const canvas of this.canvases) {
      const [width, height] = this.canvasSizes.get(canvas) ?? [0, 0];
      if (canvas.width !== width) canvas.width = width;
      if (canvas.height !== height) canvas.height = height;
    }
    try {
      const scale = this.chartScale();
      // The lower bound and the landscape (many log L evaluations) follow a frame later, by
      // drawDeferred; a chart off screen waits (see onScreenOrMarkStale).
      const main = (canvas) => canvas.isConnected && !DEFERRED_CHARTS.includes(canvas.dataset.chart);
      const drawn = (canvas) => main(canvas) && this.onScreenOrMarkStale(canvas);
      this.handle.render(this.canvases.map((canvas) => (drawn(canvas) ? canvas : undefined)), scale, false);
      this.scheduleDeferred();
    } catch (error) {
      this.errors.stepping = this.t("error.draw", { message: error.message });
    }
  }

  /**
   * Device pixels per CSS pixel of chart text and lines. Presentation mode
   * draws them up to 1.6× larger on the same pixels, less on a narrow chart
   * (two a row on a small projector) so its labels still fit.
   */
  chartScale() {
    const ratio = window.devicePixelRatio || 1;
    if (!this.presenting) return ratio;
    const widths = this.canvases.map((canvas) => this.canvasSizes.get(canvas)?.[0] ?? 0).filter((width) => width > 0);
    const cssWidth = widths.length ? Math.min(...widths) / ratio : PRESENTATION_WIDTH;
    return ratio * Math.min(PRESENTATION_SCALE, Math.max(1.15, (PRESENTATION_SCALE * cssWidth) / PRESENTATION_WIDTH));
  }

  /**
   * The slower views, the lower bound, the landscape and the worked
   * calculation, follow in the next animation frame, so a step redraws the
   * main charts at once. While Run animates they follow only if they are quick.
   */
  scheduleDeferred() {
    if (this.deferred || (this.playing && !(this.deferredCost < DEFERRED_BUDGET_WHILE_PLAYING))) return;
    this.deferred = requestAnimationFrame(() => this.drawDeferred());
  }

  /**
   * Whether `canvas` is on screen (at least GLIMPSE of it); if not, it is
   * marked to be drawn once it is or once the state is still.
   */
  onScreenOrMarkStale(canvas) {
    if (!this.chartsOffScreen.has(canvas)) return true;
    this.staleCharts.add(canvas);
    this.refreshWhenStill();
    return false;
  }

  /**
   * The lower bound and the landscape, a frame after the rest; `shown`
   * says which to draw (by default those on screen, marking the others stale).
   */
  drawDeferred(shown = (canvas) => this.onScreenOrMarkStale(canvas)) {
    if (this.deferred) cancelAnimationFrame(this.deferred);
    this.deferred = null;
    clearTimeout(this.sharpenTimer);
    if (!this.handle || !this.lastState) return;
    const drawn = (canvas) => canvas.isConnected && DEFERRED_CHARTS.includes(canvas.dataset.chart) && shown(canvas);
    const deferred = this.canvases.map((canvas) => (drawn(canvas) ? canvas : undefined));
    if (deferred.some(Boolean)) {
      const scale = this.chartScale();
      const started = performance.now();
      try {
        // The landscape comes as a draft; once nothing has changed for a moment it is sharpened.
        if (this.handle.render(deferred, scale, true)) this.sharpenTimer = setTimeout(() => this.sharpenLandscape(), STILL_DELAY);
      } catch (error) {
        this.errors.stepping = this.t("error.draw", { message: error.message });
      }
      this.deferredCost = performance.now() - started;
    }
    this.whenOnScreen("worked", () => this.syncWorked(this.lastState));
  }

  /**
   * Runs `refresh` for a section (the tables or the worked calculation) now
   * if it is on screen or near it; else when it scrolls into view or once
   * the state has been still for a moment, whichever comes first (so print,
   * screenshots and screen readers never find it stale for long): laying
   * out tables and MathML no one sees cost each step about 30 ms.
   */
  whenOnScreen(section, refresh) {
    if (!this.offScreen.has(section)) {
      refresh();
      return;
    }
    this.stale.set(section, refresh);
    this.refreshWhenStill();
  }

  /** Brings what a change left stale off screen up to date once the state has been still for a moment. */
  refreshWhenStill() {
    clearTimeout(this.staleTimer);
    this.staleTimer = setTimeout(() => this.refreshStale(), STILL_DELAY);
  }

  /** Brings every chart and section that was off screen up to date (not while Run animates). */
  refreshStale() {
    if (this.playing) {
      this.refreshWhenStill();
      return;
    }
    if (!this.handle) return;
    // The charts first: drawing the lower bound and the landscape asks for the worked calculation.
    this.drawStaleCharts(() => true);
    const refreshes = [...this.stale.values()];
    this.stale.clear();
    for (const refresh of refreshes) refresh();
  }

  /**
   * Watches the lazily refreshed sections (see whenOnScreen) and the charts:
   * a chart off screen (less than GLIMPSE of it on screen) is not redrawn by
   * a step; it is redrawn when it scrolls into view, once the state is
   * still, or before printing. (Called again when the shell is rebuilt for
   * another language.)
   */
  observeSections() {
    this.sectionObserver?.disconnect();
    this.offScreen.clear();
    this.sectionObserver = new IntersectionObserver((entries) => {
      for (const { target, isIntersecting } of entries) {
        const section = target.dataset.group;
        if (isIntersecting) this.offScreen.delete(section);
        else this.offScreen.add(section);
        const refresh = isIntersecting && this.stale.get(section);
        this.stale.delete(section);
        if (refresh && this.handle) refresh();
      }
    }, { rootMargin: "200px" });
    for (const section of this.shadowRoot.querySelectorAll("section.tables, section.worked")) this.sectionObserver.observe(section);
    this.chartObserver?.disconnect();
    this.chartsOffScreen.clear();
    this.chartObserver = new IntersectionObserver((entries) => {
      let cameIntoView = false;
      for (const { target, isIntersecting, intersectionRatio } of entries) {
        const inView = isIntersecting && intersectionRatio >= GLIMPSE;
        if (inView) this.chartsOffScreen.delete(target);
        else this.chartsOffScreen.add(target);
        cameIntoView ||= inView && this.staleCharts.has(target);
      }
      if (cameIntoView) this.drawStaleCharts();
    }, { threshold: [0, GLIMPSE] });
    for (const canvas of this.canvases) this.chartObserver.observe(canvas);
  }

  /**
   * Draws the charts a step left stale because they were off screen: those
   * `shown` (by default those now on screen; all once still or before printing).
   */
  drawStaleCharts(shown = (canvas) => !this.chartsOffScreen.has(canvas)) {
    if (!this.handle) return;
    const due = [...this.staleCharts].filter(shown);
    if (!due.length) return;
    for (const canvas of due) this.staleCharts.delete(canvas);
    const main = this.canvases.map((canvas) => (due.includes(canvas) && !DEFERRED_CHARTS.includes(canvas.dataset.chart) ? canvas : undefined));
    try {
      if (main.some(Boolean)) this.handle.render(main, this.chartScale(), false);
    } catch (error) {
      this.errors.stepping = this.t("error.draw", { message: error.message });
    }
    if (due.some((canvas) => DEFERRED_CHARTS.includes(canvas.dataset.chart))) {
      // A deferred drawing still due this frame is done now too, with the charts it would have drawn.
      const pending = Boolean(this.deferred);
      this.drawDeferred((canvas) => due.includes(canvas) || (pending && this.onScreenOrMarkStale(canvas)));
    }
  }

  /** Redraws the landscape on its full grid (it was drawn as a draft after the last change). */
  sharpenLandscape() {
    if (!this.handle || this.playing || this.deferred) return;
    clearTimeout(this.sharpenTimer);
    const landscape = this.canvases.map((canvas) => (canvas.isConnected && canvas.dataset.chart === "landscape" ? canvas : undefined));
    try {
      this.handle.render(landscape, this.chartScale(), false);
    } catch (error) {
      this.errors.stepping = this.t("error.draw", { message: error.message });
    }
  }
}
