// For a page that embeds em-playground iframes (an LMS page, course notes):
//   <iframe src=".../embed.html?model=coins" title="EM playground" width="100%" height="700"></iframe>
//   <script src="em-playground-resizer.js"></script>
// Sizes each such iframe to its content from the "em-playground:resize"
// messages its page posts, and re-dispatches each "em-playground:change" and
// "em-playground:exercise" message as an event of that name (detail: the state
// summary, or an exercise answer) on the iframe element, for the page's own
// scripts (an LMS recording progress, say).
// A message counts only if it comes from one of the page's iframes and from
// the origin of that iframe's own src. A classic script: no module needed.
(() => {
  const MAX_HEIGHT = 20000;
  window.addEventListener("message", (event) => {
    const message = event.data;
    if (!message || typeof message !== "object" || typeof message.type !== "string"
      || !message.type.startsWith("em-playground:")) return;
    const frame = [...document.querySelectorAll("iframe")].find((candidate) => candidate.contentWindow === event.source);
    if (!frame || new URL(frame.src, document.baseURI).origin !== event.origin) return;
    if (message.type === "em-playground:resize" && Number.isFinite(message.height)) {
      frame.style.height = `${Math.min(Math.max(Math.ceil(message.height), 0), MAX_HEIGHT)}px`;
    } else if (message.type === "em-playground:change" || message.type === "em-playground:exercise") {
      frame.dispatchEvent(new CustomEvent(message.type, { detail: message.detail }));
    }
  });
})();
