// govkg promises page: a table of plan targets and the next review's outcomes, filtered by verdict and text.
// Every string from the data goes into the page through textContent, never as markup.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("govkg-data").textContent);
  var rows = data.rows;
  var shown = {};
  data.statuses.forEach(function (s) { shown[s.key] = true; });
  var search = document.getElementById("search");
  var body = document.getElementById("rows");
  var status = document.getElementById("status");

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = text; }
    return e;
  }

  function cell(value, sentence, report) {
    var td = el("td");
    if (!value && !sentence) { td.appendChild(el("span", "none", data.noOutcome)); return td; }
    td.appendChild(el("div", "value", value));
    if (sentence) { td.appendChild(el("div", "sentence", sentence)); }
    if (report) { td.appendChild(el("div", "report", report)); }
    return td;
  }

  function legend() {
    var box = document.getElementById("filters");
    data.statuses.forEach(function (s) {
      var label = el("label", "filter status-" + s.key);
      var box2 = el("input");
      box2.type = "checkbox";
      box2.checked = true;
      box2.addEventListener("change", function () { shown[s.key] = box2.checked; draw(); });
      label.appendChild(box2);
      label.appendChild(document.createTextNode(" " + s.zh + " " + s.en + " (" + s.count + ")"));
      box.appendChild(label);
    });
  }

  function matches(r, q) {
    if (!q) { return true; }
    return [r.target, r.targetSentence, r.achievement, r.achievementSentence, r.regionName, r.explanation,
            r.targetReport, r.achievementReport].some(function (v) { return v && v.indexOf(q) !== -1; });
  }

  function draw() {
    var q = search.value.trim();
    while (body.firstChild) { body.removeChild(body.firstChild); }
    var n = 0;
    rows.forEach(function (r) {
      if (!shown[r.status] || !matches(r, q)) { return; }
      n += 1;
      var tr = el("tr", "status-" + r.status);
      tr.appendChild(el("td", "year", r.regionName + " " + r.year));
      var verdict = el("td");
      verdict.appendChild(el("span", "badge status-" + r.status, data.names[r.status]));
      tr.appendChild(verdict);
      tr.appendChild(cell(r.target + (data.stages[r.targetStage] || ""), r.targetSentence, r.targetReport));
      tr.appendChild(cell(r.achievement ? r.achievement + (data.stages[r.achievedStage] || "") : "",
                          r.achievementSentence, r.achievementReport));
      tr.appendChild(el("td", "basis", r.matchedBy ? data.bases[r.matchedBy] || r.matchedBy : ""));
      tr.appendChild(el("td", "explanation", r.explanation));
      body.appendChild(tr);
    });
    status.textContent = n + " / " + rows.length;
  }

  document.getElementById("title").textContent = data.title;
  document.getElementById("description").textContent = data.description;
  search.addEventListener("input", draw);
  legend();
  draw();
}());
