// redfunnel web: charts from data-option attributes, re-initialised after htmx swaps.
// Animation is off when the page is opened with ?animation=0 or window.RF_NO_ANIMATION is set
// (browser tests and screenshots); every chart marks itself data-rendered="1" on ECharts'
// `finished` event so tests can wait for the drawing to complete.
(function () {
  "use strict";
  var charts = [];
  function animationOff() {
    return window.RF_NO_ANIMATION === true || /[?&]animation=0\b/.test(window.location.search);
  }
  function initCharts(root) {
    if (!window.echarts) { return; }
    var nodes = (root || document).querySelectorAll(".rf-chart:not([data-init])");
    Array.prototype.forEach.call(nodes, function (el) {
      el.setAttribute("data-init", "1");
      var option;
      try { option = JSON.parse(el.getAttribute("data-option") || "{}"); }
      catch (e) { el.textContent = "图表数据无法解析"; el.setAttribute("data-rendered", "error"); return; }
      if (animationOff()) { option.animation = false; }
      if (option.textStyle === undefined) {
        option.textStyle = { fontFamily: "'Noto Sans CJK SC', 'Noto Sans SC', 'PingFang SC', 'Microsoft YaHei', sans-serif" };
      }
      var chart = window.echarts.init(el, null, { renderer: "canvas" });
      chart.on("finished", function () {
        el.setAttribute("data-rendered", "1");
        document.body.setAttribute("data-charts-rendered",
          String(document.querySelectorAll(".rf-chart[data-rendered='1']").length));
      });
      chart.setOption(option);
      charts.push(chart);
    });
  }
  window.rfInitCharts = initCharts;
  document.addEventListener("DOMContentLoaded", function () { initCharts(document); });
  document.addEventListener("htmx:afterSettle", function (evt) { initCharts(evt.target); });
  window.addEventListener("resize", function () {
    charts.forEach(function (c) { if (!c.isDisposed()) { c.resize(); } });
  });
})();
