/*
 * heka_asoy front-end behaviour. Loaded with `defer` from base.html; the CSP forbids inline
 * script, so everything a page needs lives here. No text is hard-coded: messages come from data-
 * attributes that the templates fill through gettext.
 *
 * - After an HTMX swap, focus moves to [data-focus-after-swap] inside the new content (a heading,
 *   an error summary, a result), so keyboard and screen-reader users land on what changed.
 * - On page load, an error summary ([data-error-summary]) takes focus; its links focus the field
 *   and scroll its label into view.
 * - When an HTMX request fails (error status or no connection), #htmx-error (role="alert") shows
 *   its data-message; it is cleared by the next request or its close button.
 * - data-hx-confirm is built into htmx; nothing is needed here.
 */
(function () {
  "use strict";

  var FOCUS_SELECTOR = "[data-focus-after-swap]";

  /** Focus an element, making it programmatically focusable first if it is not. */
  function focusElement(el) {
    if (!el) {
      return;
    }
    if (el.tabIndex < 0 && !el.hasAttribute("tabindex")) {
      el.setAttribute("tabindex", "-1");
    }
    el.focus({ preventScroll: false });
  }

  /** The element to focus inside root (root itself counts), or null. */
  function findFocusTarget(root) {
    if (!root || !root.isConnected) {
      return null;
    }
    if (root.matches && root.matches(FOCUS_SELECTOR)) {
      return root;
    }
    return root.querySelector ? root.querySelector(FOCUS_SELECTOR) : null;
  }

  // htmx fires afterSwap on the swap target (innerHTML) or on each new top-level element
  // (outerHTML); the event bubbles here with that element as its target.
  document.addEventListener("htmx:afterSwap", function (event) {
    var target = findFocusTarget(event.target);
    if (target) {
      // Once only: a later swap elsewhere on the page must not pull focus back here.
      target.removeAttribute("data-focus-after-swap");
      focusElement(target);
    }
  });

  /* ---- HTMX errors ------------------------------------------------------------------------- */

  function errorRegion() {
    return document.getElementById("htmx-error");
  }

  function clearError() {
    var region = errorRegion();
    if (region) {
      region.textContent = "";
    }
  }

  function showError() {
    var region = errorRegion();
    if (!region) {
      return;
    }
    var message = region.getAttribute("data-message") || "";
    var closeLabel = region.getAttribute("data-close-label") || "";

    var box = document.createElement("div");
    box.className = "hds-notification hds-notification--error";
    var body = document.createElement("div");
    body.className = "hds-notification__body";
    body.textContent = message;
    box.appendChild(body);

    if (closeLabel) {
      var close = document.createElement("button");
      close.type = "button";
      close.className = "htmx-error__close";
      close.setAttribute("aria-label", closeLabel);
      var icon = document.createElement("span");
      icon.className = "hds-icon hds-icon--cross hds-icon--size-s";
      icon.setAttribute("aria-hidden", "true");
      close.appendChild(icon);
      close.addEventListener("click", clearError);
      box.appendChild(close);
    }

    region.textContent = "";
    region.appendChild(box);
  }

  document.addEventListener("htmx:beforeRequest", clearError);
  document.addEventListener("htmx:responseError", showError);
  document.addEventListener("htmx:sendError", showError);

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && errorRegion() && errorRegion().firstChild) {
      clearError();
    }
  });

  /* ---- Pickers (templates/_picker.html) ---------------------------------------------------- */

  /** Enter in a picker's search field searches at once (the "picker-search" event its HTMX
   *  trigger listens for) instead of submitting the form the field sits in: that form's default
   *  button would save it. */
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (event.key === "Enter" && target.matches && target.matches("input[data-picker-search]")) {
      event.preventDefault();
      target.dispatchEvent(new CustomEvent("picker-search"));
    }
  });

  /* ---- Error summary ----------------------------------------------------------------------- */

  /** Focus the field a summary link points to and bring its label into view (GOV.UK pattern). */
  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a[data-error-link]") : null;
    if (!link) {
      return;
    }
    var id = decodeURIComponent(link.getAttribute("href").slice(1));
    var input = document.getElementById(id);
    if (!input) {
      return;
    }
    event.preventDefault();
    var legendOrLabel =
      (input.closest("fieldset") && input.closest("fieldset").querySelector("legend")) ||
      document.querySelector('label[for="' + CSS.escape(id) + '"]');
    (legendOrLabel || input).scrollIntoView();
    input.focus({ preventScroll: true });
  });

  document.addEventListener("DOMContentLoaded", function () {
    focusElement(document.querySelector("[data-error-summary]"));
  });
})();

/*
 * Copy buttons (<button data-copy="value" data-copied="message" data-done-label="Copied" hidden>):
 * shown only where the clipboard can be written; a click (or Enter/Space, as on any button)
 * copies the value, says so in #copy-status (role="status") and shows the done label for a while.
 */
(function () {
  "use strict";

  if (!navigator.clipboard || !window.isSecureContext) {
    return;
  }

  function reveal(root) {
    var buttons = (root || document).querySelectorAll("button[data-copy][hidden]");
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].hidden = false;
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    reveal(document);
  });
  document.addEventListener("htmx:afterSwap", function (event) {
    reveal(event.target);
  });

  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("button[data-copy]") : null;
    if (!button) {
      return;
    }
    navigator.clipboard.writeText(button.getAttribute("data-copy")).then(function () {
      var status = document.getElementById("copy-status");
      if (status) {
        status.textContent = "";
        status.textContent = button.getAttribute("data-copied") || "";
      }
      var label = button.querySelector(".copy-button__label");
      var done = button.getAttribute("data-done-label");
      if (label && done) {
        if (!label.hasAttribute("data-label")) {
          label.setAttribute("data-label", label.textContent);
        }
        label.textContent = done;
        window.setTimeout(function () {
          label.textContent = label.getAttribute("data-label");
        }, 2500);
      }
    });
  });
})();
