// Filters the report's units by bureau, grade and text. Optional: without it the form stays
// hidden and every unit is shown. Each unit carries data-bureaus (space-separated) and
// data-grade; the wording of the count comes from the form's data-* attributes.
(function () {
  "use strict";
  var form = document.getElementById("filter");
  if (!form || !form.closest || !document.querySelectorAll) return;
  var units = Array.prototype.slice.call(document.querySelectorAll(".unit[data-bureaus]"));
  var groups = Array.prototype.slice.call(document.querySelectorAll("[data-filter-group]"));
  var status = document.getElementById("filter-status");
  var norm = function (s) {
    return (s.normalize ? s.normalize("NFKC") : s).toLowerCase().replace(/\s+/g, " ");
  };
  var text = function (el, sel) {
    return Array.prototype.map.call(el.querySelectorAll(sel), function (x) {
      return x.textContent;
    }).join(" ");
  };
  var index = units.map(function (u) {
    return norm(text(u.closest("article"), "h4 .title") + " " + text(u, "h5, .result"));
  });
  var fill = function (t, k, v) { return t.split("{" + k + "}").join(v); };
  var chosen = function (select) {
    return select.value ? select.options[select.selectedIndex].text : "";
  };
  function matches(u, i, b, g, q) {
    var d = u.dataset;
    if (b && d.bureaus.split(" ").indexOf(b) < 0) return false;
    if (g === "on" && d.onTarget !== "true") return false;
    if (g === "behind" && d.onTarget !== "false") return false;
    if (g === "none" && d.grade !== "") return false;
    if (g && g.charAt(0) === "=" && d.grade !== g.slice(1)) return false;
    return !q || index[i].indexOf(q) >= 0;
  }
  function apply() {
    var b = form.elements.bureau.value, g = form.elements.grade.value;
    var typed = form.elements.q.value.trim(), q = norm(typed), n = 0;
    units.forEach(function (u, i) {
      var ok = matches(u, i, b, g, q);
      u.hidden = !ok;
      if (ok) n += 1;
    });
    groups.forEach(function (c) {
      c.hidden = !c.querySelector(".unit:not([hidden])");
    });
    var conditions = [chosen(form.elements.bureau), chosen(form.elements.grade)];
    if (typed) conditions.push(fill(form.dataset.text, "text", typed));
    conditions = conditions.filter(Boolean);
    status.textContent = conditions.length
      ? fill(fill(form.dataset.count, "conditions", conditions.join(form.dataset.separator)), "count", n)
      : fill(form.dataset.all, "count", n);
  }
  form.addEventListener("input", apply);
  form.addEventListener("change", apply);
  form.addEventListener("submit", function (e) { e.preventDefault(); apply(); });
  form.addEventListener("reset", function () { setTimeout(apply, 0); });
  form.hidden = false;
  apply();
})();
