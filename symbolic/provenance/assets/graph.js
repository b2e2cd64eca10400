(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("graph-data").textContent);
  var COLORS = {"axiom": "#5e81ac", "hypothesis": "#81a1c1", "theorem": "#4c7a9e", "goal": "#d08770",
    "fact": "#a3be8c",
    "tactic": "#b48ead", "proposal": "#ebcb8b", "smt-query": "#88c0d0", "gl-inference": "#8fbcbb",
    "lean-check": "#bf616a", "proof": "#2e3440"};
  var STATUS = {"proved": "#2e7d32", "valid": "#2e7d32", "unsat": "#2e7d32", "closed": "#2e7d32",
    "failed": "#c62828", "lean_error": "#c62828", "error": "#c62828", "rejected_unsafe": "#c62828",
    "sat": "#ef6c00", "unknown": "#9e9e9e", "timeout": "#9e9e9e", "open": "#9e9e9e"};
  document.getElementById("title").textContent = data.title || "Provenance graph";
  document.title = data.title || "Provenance graph";
  var legend = document.getElementById("legend");
  Object.keys(COLORS).forEach(function (k) {
    var s = document.createElement("span"), i = document.createElement("i");
    i.style.background = COLORS[k]; s.appendChild(i); s.appendChild(document.createTextNode(k));
    legend.appendChild(s);
  });
  var byId = {}, onPath = {}, hidden = {};
  var path = data.path || null;
  if (path) { path.forEach(function (id, i) { onPath[id] = i; }); }
  data.edges.forEach(function (e) {
    if (path && onPath[e.target] !== undefined && onPath[e.source] === undefined) {
      hidden[e.target] = (hidden[e.target] || 0) + 1;
    }
  });
  var elements = [];
  data.nodes.forEach(function (n) {
    byId[n.id] = n;
    var label = n.label || n.statement || n.id;
    if (label.length > 60) { label = label.slice(0, 57) + "…"; }
    if (n.replayed === "failed") { label = "✗ " + label; }
    if (hidden[n.id]) { label += "  (+" + hidden[n.id] + ")"; }
    var el = {group: "nodes", data: {id: n.id, label: label, kind: n.kind, replayed: n.replayed || "",
      color: COLORS[n.kind] || "#666", border: STATUS[n.status] || "#4c566a"},
      classes: path && onPath[n.id] === undefined ? "collapsed" : (path ? "spine" : "")};
    if (data.positions) { el.position = data.positions[n.id]; }
    elements.push(el);
  });
  data.edges.forEach(function (e, i) {
    elements.push({group: "edges", data: {id: "e" + i, source: e.source, target: e.target, kind: e.kind}});
  });
  var big = data.nodes.length > 800;
  var fullLayout = data.positions ? {name: "preset"} :
    {name: "dagre", rankDir: "TB", nodeSep: 60, rankSep: 70, animate: false};
  // the proof path alone: one column, sources above what they justify
  var spineLayout = {name: "preset", positions: function (node) {
    return {x: 0, y: 80 * (onPath[node.id()] || 0)}; }};
  var cy = cytoscape({
    container: document.getElementById("cy"),
    elements: elements,
    layout: {name: "null"},
    textureOnViewport: big, hideEdgesOnViewport: big, pixelRatio: big ? 1 : "auto",
    minZoom: 0.02, maxZoom: 4, wheelSensitivity: 0.3,
    style: [
      {selector: "node", style: {"background-color": "data(color)", "label": "data(label)",
        "border-width": 3, "border-color": "data(border)", "font-size": 10, "text-valign": "bottom",
        "text-wrap": big ? "ellipsis" : "wrap", "text-max-width": 150, "min-zoomed-font-size": big ? 8 : 0,
        "width": 22, "height": 22, "text-background-color": "#ffffff", "text-background-opacity": 0.75}},
      {selector: "node[kind = 'goal'], node[kind = 'proof']", style: {"shape": "round-rectangle", "width": 30}},
      {selector: "node[kind = 'axiom'], node[kind = 'hypothesis']", style: {"shape": "diamond"}},
      {selector: "edge", style: {"width": 1.2, "line-color": "#aab4c3", "target-arrow-color": "#aab4c3",
        "target-arrow-shape": "triangle", "curve-style": big ? "haystack" : "bezier", "arrow-scale": 0.8}},
      {selector: "edge[kind = 'closes']", style: {"line-color": "#2e7d32", "target-arrow-color": "#2e7d32"}},
      {selector: "edge[kind = 'checked-by']", style: {"line-style": "dashed"}},
      {selector: "edge[kind = 'proposed-by']", style: {"line-style": "dotted"}},
      {selector: "node[replayed = 'failed']", style: {"border-color": "#c62828", "border-width": 7,
        "border-style": "dashed", "color": "#c62828"}},
      {selector: "node[replayed = 'unchecked']", style: {"border-style": "dotted", "border-width": 5}},
      {selector: ".collapsed", style: {"display": "none"}},
      {selector: "node.spine", style: {"font-size": 13, "text-max-width": 420, "text-valign": "center",
        "text-halign": "right", "text-margin-x": 8}},
      {selector: ".faded", style: {"opacity": 0.15}},
      {selector: ".onpath", style: {"border-color": "#f9a825", "border-width": 5}},
      {selector: "edge.onpath", style: {"line-color": "#f9a825", "target-arrow-color": "#f9a825", "width": 2.5}},
      {selector: ".match", style: {"border-color": "#6a1b9a", "border-width": 6}},
      {selector: "node:selected", style: {"border-color": "#000", "border-width": 6}}
    ]
  });
  window.provenanceGraph = cy;
  function fitReadable(eles, focusId) {
    cy.fit(eles, 30);
    if (cy.zoom() > 1.4) { cy.zoom(1.4); cy.center(eles); }  // small graphs: keep labels readable
    if (path && cy.zoom() < 1) {  // a long path: keep its labels legible and start at the conclusion
      cy.zoom(1);
      var f = cy.getElementById(focusId || path[path.length - 1]);
      cy.center(f);
      cy.panBy({x: -cy.width() / 4, y: cy.height() / 3});
    }
  }
  function showSpine() {
    cy.elements().removeClass("collapsed");
    cy.nodes().filter(function (x) { return onPath[x.id()] === undefined; }).addClass("collapsed");
    cy.nodes().filter(function (x) { return onPath[x.id()] !== undefined; }).addClass("spine");
    cy.nodes(".spine").layout(spineLayout).run();
    fitReadable(cy.nodes(".spine"), data.focus);
  }
  function showAll() {
    cy.elements().removeClass("collapsed spine");
    cy.layout(fullLayout).run();
    fitReadable(cy.elements(), null);
  }
  var allBtn = document.getElementById("all-btn");
  if (path) {
    allBtn.hidden = false;
    allBtn.addEventListener("click", function () {
      if (allBtn.getAttribute("data-all") === "1") {
        allBtn.setAttribute("data-all", "0"); allBtn.textContent = "show all nodes"; showSpine();
      } else {
        allBtn.setAttribute("data-all", "1"); allBtn.textContent = "proof path only"; showAll();
      }
    });
    showSpine();
  } else {
    cy.layout(fullLayout).run();
    if (cy.zoom() > 1.4) { cy.zoom(1.4); cy.center(); }
  }
  var FIELDS = [["kind", "Kind"], ["status", "Status"], ["statement", "Statement"], ["lean", "Lean"],
    ["rule", "Rule"], ["block", "Block"], ["checker", "Checker"], ["model", "Proposer model"],
    ["prompt_id", "Prompt"], ["logprob", "Log-prob"], ["solver", "Solver"], ["logic", "Logic"],
    ["result", "Solver result"], ["seconds", "Seconds"], ["verdict", "Verdict"], ["messages", "Messages"],
    ["replayed", "Replay"], ["replay_detail", "Replay detail"]];
  var details = document.getElementById("details");
  function addField(name, value, pre) {
    var dt = document.createElement("dt"); dt.textContent = name; details.appendChild(dt);
    var dd = document.createElement("dd");
    if (pre) { var p = document.createElement("pre"); p.textContent = value; dd.appendChild(p); }
    else { dd.textContent = value; }
    dd.setAttribute("data-field", name);
    details.appendChild(dd);
  }
  function show(id) {
    var n = byId[id];
    details.textContent = "";
    document.getElementById("hint").textContent = "Node " + id;
    FIELDS.forEach(function (f) {
      var v = n[f[0]];
      if (v === undefined || v === null || v === "") { return; }
      if (Array.isArray(v)) { v = v.join("\n"); }
      addField(f[1], String(v), f[0] === "lean" || f[0] === "statement" || f[0] === "messages");
    });
    var srcs = data.edges.filter(function (e) { return e.target === id; });
    if (srcs.length) {
      var dt = document.createElement("dt"); dt.textContent = "Sources (" + srcs.length + ")";
      details.appendChild(dt);
      var dd = document.createElement("dd"), ul = document.createElement("ul");
      dd.setAttribute("data-field", "Sources");
      srcs.forEach(function (e) {
        var s = byId[e.source], li = document.createElement("li"), k = document.createElement("span");
        k.className = "k"; k.textContent = s.kind + (e.kind !== "derived-from" ? " (" + e.kind + ")" : "");
        li.appendChild(k); li.appendChild(document.createTextNode(s.statement || s.label || s.id));
        li.addEventListener("click", function () { show(s.id); highlightPath(s.id); });
        ul.appendChild(li);
      });
      dd.appendChild(ul); details.appendChild(dd);
    }
    Object.keys(n.extra || {}).forEach(function (k) {
      var v = n.extra[k];
      addField(k, typeof v === "string" ? v : JSON.stringify(v), false);
    });
  }
  function clearMarks() { cy.elements().removeClass("faded onpath match"); }
  function highlightPath(id) {
    clearMarks();
    var node = cy.getElementById(id);
    var path = node.predecessors().union(node);
    cy.elements().not(path).addClass("faded");
    path.addClass("onpath");
    return path;
  }
  cy.on("tap", "node", function (evt) { show(evt.target.id()); highlightPath(evt.target.id()); });
  cy.on("tap", function (evt) { if (evt.target === cy) { clearMarks(); } });
  document.getElementById("path-btn").addEventListener("click", function () {
    var sel = cy.$("node:selected");
    var target = sel.length ? sel[0].id() : (data.focus || null);
    if (target) { highlightPath(target); }
  });
  document.getElementById("fit-btn").addEventListener("click", function () {
    clearMarks(); cy.fit(cy.elements(":visible"), 30); });
  var search = document.getElementById("search"), count = document.getElementById("count");
  search.addEventListener("input", function () {
    var q = search.value.trim().toLowerCase();
    cy.elements().removeClass("match faded");
    if (!q) { count.textContent = ""; return; }
    var hits = cy.nodes().filter(function (x) {
      var n = byId[x.id()];
      return (n.statement || "").toLowerCase().indexOf(q) >= 0 || (n.label || "").toLowerCase().indexOf(q) >= 0
        || (n.lean || "").toLowerCase().indexOf(q) >= 0 || x.id().toLowerCase() === q;
    });
    count.textContent = hits.length + " match" + (hits.length === 1 ? "" : "es");
    if (path && hits.filter(".collapsed").length && allBtn.getAttribute("data-all") !== "1") {
      allBtn.click();  // a match outside the proof path: open the whole graph
    }
    if (hits.length) {
      cy.nodes().not(hits).addClass("faded");
      hits.addClass("match");
      if (hits.length < 50) { cy.fit(hits, 60); }
    }
  });
  if (data.focus && byId[data.focus]) { highlightPath(data.focus); }
  document.body.setAttribute("data-ready", "1");
})();
