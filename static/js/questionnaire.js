// The questionnaire's autosave never loses an answer silently: a failed save is shown at
// its question with a Retry button, the page warns before it is left while a save is
// pending or has failed, and what the server did not take is kept over a reload (in this
// tab's sessionStorage) and sent again. No inline script (the site's CSP is strict): the
// texts come from the page's <template id="save-failed">.
(function () {
  "use strict";

  var form = document.querySelector("form.questionnaire");
  if (!form || typeof htmx === "undefined") {
    return;
  }
  var texts = document.getElementById("save-failed");

  // htmx swaps 2xx answers only. A refused save (400, 422) carries each field's message,
  // so it is swapped in too, and still counts as failed; other failures are shown here.
  htmx.config.responseHandling = [
    { code: "204", swap: false },
    { code: "[23]..", swap: true },
    { code: "400|422", swap: true, error: true },
    { code: "[45]..", swap: false, error: true },
  ];
  htmx.config.timeout = 20000; // a save that hangs is shown as failed, with its Retry

  var sent = new Map(); // question -> its fields as last sent (or as the page showed them)
  var sending = new Map(); // question -> its save in flight (the XMLHttpRequest)
  var failed = new Set(); // questions whose last save failed
  var submitting = false; // the page's own Save buttons post every field
  var retrying = null; // the question whose Retry was pressed: focus stays there

  function questionOf(element) {
    return element && element.closest ? element.closest("fieldset.question[hx-post]") : null;
  }

  function questions() {
    return Array.prototype.slice.call(form.querySelectorAll("fieldset.question[hx-post]"));
  }

  function fieldValues(question, names) {
    var values = {};
    Array.prototype.forEach.call(question.elements, function (element) {
      if (!element.name || (element.type === "radio" && !element.checked)) {
        return;
      }
      if (!names || names.indexOf(element.name) >= 0) {
        values[element.name] = element.value;
      }
    });
    return values;
  }

  function snapshot(question) {
    return JSON.stringify(fieldValues(question));
  }

  function controls(question, name) {
    return question.querySelectorAll('[name="' + CSS.escape(name) + '"]');
  }

  // Drafts: the fields a failed save did not store, by the question's save URL.
  function draftKey(question) {
    return "autosave-draft:" + question.getAttribute("hx-post");
  }

  function keepDraft(question, names) {
    try {
      sessionStorage.setItem(draftKey(question), JSON.stringify(fieldValues(question, names)));
    } catch (error) {
      // Storage full or off: the warning before leaving still stands.
    }
  }

  function dropDraft(question) {
    try {
      sessionStorage.removeItem(draftKey(question));
    } catch (error) {
      // Nothing kept, nothing to drop.
    }
  }

  function readDraft(question) {
    try {
      return JSON.parse(sessionStorage.getItem(draftKey(question)) || "null");
    } catch (error) {
      return null;
    }
  }

  function restoreDraft(question) {
    var draft = readDraft(question);
    var changed = false;
    Object.keys(draft || {}).forEach(function (name) {
      controls(question, name).forEach(function (control) {
        if (control.type === "radio") {
          if (control.value === draft[name] && !control.checked) {
            control.checked = changed = true;
          }
        } else if (control.value !== draft[name]) {
          control.value = draft[name];
          changed = true;
        }
      });
    });
    if (changed) {
      htmx.trigger(question, "retry");
    } else {
      dropDraft(question); // the page shows it already
    }
  }

  // Each field's message (filled by the server) marks its controls for assistive technology.
  function markFields(question) {
    var refused = [];
    question.querySelectorAll(".field-error").forEach(function (message) {
      var invalid = message.textContent.trim() !== "";
      var field = message.id.replace(/-error$/, ""); // "culture-evidence_url-error"
      if (invalid) {
        refused.push(field);
      }
      controls(question, field).forEach(function (control) {
        if (invalid) {
          control.setAttribute("aria-invalid", "true");
          control.setAttribute("aria-describedby", message.id);
        } else {
          control.removeAttribute("aria-invalid");
          control.removeAttribute("aria-describedby");
        }
        if (control.type !== "radio") {
          control.classList.toggle("is-invalid", invalid);
        }
      });
      var details = message.closest("details");
      if (invalid && details) {
        details.open = true;
      }
    });
    return refused;
  }

  function statusOf(question) {
    return question.querySelector(".save-status");
  }

  function announce(question, failure) {
    var region = statusOf(question);
    region.setAttribute("role", failure ? "alert" : "status");
    region.setAttribute("aria-live", failure ? "assertive" : "polite");
  }

  function showFailure(question, text) {
    var failure = texts.content.firstElementChild.cloneNode(true);
    failure.querySelector(".save-failed-text").textContent = text;
    announce(question, true);
    statusOf(question).replaceChildren(failure);
  }

  function refocus(question) {
    if (retrying !== question) {
      return;
    }
    retrying = null;
    if (question.contains(document.activeElement)) {
      return;
    }
    var target = statusOf(question).querySelector(".save-retry")
      || question.querySelector("[aria-invalid=true]")
      || question.querySelector("input:checked");
    if (target) {
      target.focus();
    }
  }

  // login_required answers a signed-out save with a redirect, which the browser follows.
  function redirected(question, xhr) {
    var asked = new URL(question.getAttribute("hx-post"), window.location.href);
    return Boolean(xhr.responseURL) && new URL(xhr.responseURL).pathname !== asked.pathname;
  }

  function failedAt(question) {
    failed.add(question);
  }

  function savedAt(question) {
    failed.delete(question);
    dropDraft(question);
  }

  document.body.addEventListener("htmx:beforeRequest", function (event) {
    var question = questionOf(event.detail.elt);
    if (question) {
      sent.set(question, snapshot(question));
      sending.set(question, event.detail.xhr);
    }
  });

  document.body.addEventListener("htmx:beforeSwap", function (event) {
    var question = questionOf(event.detail.elt);
    if (!question) {
      return;
    }
    if (redirected(question, event.detail.xhr)) {
      event.detail.shouldSwap = false;
      event.detail.isError = true;
    } else if (event.detail.shouldSwap) {
      announce(question, event.detail.isError);
    }
  });

  document.body.addEventListener("htmx:afterRequest", function (event) {
    var question = questionOf(event.detail.elt);
    var xhr = event.detail.xhr;
    if (!question || sending.get(question) !== xhr) {
      return; // not a question's save, or one that a newer save replaced
    }
    sending.delete(question);
    if (xhr.status === 0) {
      return; // no answer: htmx:sendError, htmx:timeout or htmx:sendAbort follows
    }
    var refused = markFields(question);
    if (event.detail.successful) {
      savedAt(question);
    } else if ((xhr.status === 400 || xhr.status === 422) && !redirected(question, xhr)) {
      failedAt(question); // the server's answer, swapped in, says what was not saved
      keepDraft(question, refused.length ? refused : null);
    } else {
      failedAt(question);
      keepDraft(question);
      var text = redirected(question, xhr) ? texts.dataset.signedOut : texts.dataset.server;
      showFailure(question, text + (xhr.status >= 400 ? " (HTTP " + xhr.status + ")" : ""));
    }
    refocus(question);
  });

  function noAnswer(text) {
    return function (event) {
      var question = questionOf(event.detail.elt);
      if (!question || sending.has(question)) {
        return; // a newer save is on its way
      }
      failedAt(question);
      keepDraft(question);
      showFailure(question, text);
      refocus(question);
    };
  }
  document.body.addEventListener("htmx:sendError", noAnswer(texts.dataset.network));
  document.body.addEventListener("htmx:timeout", noAnswer(texts.dataset.timeout));
  document.body.addEventListener("htmx:sendAbort", function (event) {
    var question = questionOf(event.detail.elt);
    if (question && !sending.has(question)) {
      sent.delete(question); // aborted and not replaced: unsent
    }
  });

  form.addEventListener("click", function (event) {
    var question = questionOf(event.target.closest(".save-retry"));
    if (question) {
      retrying = question;
      htmx.trigger(question, "retry");
    }
  });

  form.addEventListener("submit", function () {
    submitting = true;
    questions().forEach(dropDraft); // the posted page is what counts now
  });

  window.addEventListener("beforeunload", function (event) {
    var unsent = questions().some(function (question) {
      return sent.get(question) !== snapshot(question);
    });
    if (submitting || !(unsent || sending.size || failed.size)) {
      return;
    }
    event.preventDefault();
    event.returnValue = ""; // what some browsers need before they ask
  });

  function focusResumed() {
    var question = form.dataset.resume && document.getElementById(form.dataset.resume);
    if (!question || window.location.hash) {
      return;
    }
    question.scrollIntoView({ block: "start" });
    var first = question.querySelector("input[type=radio]");
    if (first) {
      first.focus({ preventScroll: true });
    }
  }

  function start() {
    questions().forEach(function (question) {
      sent.set(question, snapshot(question));
      if (markFields(question).length) {
        failedAt(question); // the page's Save refused a field: shown beside it
      }
      restoreDraft(question);
    });
    focusResumed();
  }

  // After htmx has set up the page: its own listener was added first.
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
