// CareNet console: the few keys that make reviewing a sample fast. Everything works without it too.
(function () {
  "use strict";
  var form = document.getElementById("review-form");
  if (!form) { return; }
  var note = document.getElementById("note");
  document.addEventListener("keydown", function (e) {
    var inText = e.target === note || (e.target && e.target.tagName === "INPUT" && e.target.type === "text");
    if ((e.ctrlKey || e.metaKey) && e.key === "Enter") {
      e.preventDefault();
      form.requestSubmit();
      return;
    }
    if (inText || e.ctrlKey || e.metaKey || e.altKey) { return; }
    var radio = form.querySelector('input[name="verdict"][data-key="' + e.key + '"]');
    if (radio) {
      e.preventDefault();
      radio.checked = true;
      radio.focus();
    } else if (e.key === "n" || e.key === "N") {
      e.preventDefault();
      note.focus();
    }
  });
})();
