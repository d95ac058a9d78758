/* Apache ECharts charts for the component web/components/chart.html: each [data-chart] element names
   the <script type="application/json"> holding its option (written by Django's json_script). */
(function () {
  'use strict';

  var chengguan = window.chengguan = window.chengguan || {};
  var charts = [];

  function resizeAll() {
    charts = charts.filter(function (chart) {
      if (chart.isDisposed() || !document.documentElement.contains(chart.getDom())) {
        if (!chart.isDisposed()) chart.dispose(); // its element was swapped out by htmx
        return false;
      }
      chart.resize();
      return true;
    });
  }

  var scheduled = false;
  window.addEventListener('resize', function () {
    if (scheduled) return;
    scheduled = true;
    window.requestAnimationFrame(function () { scheduled = false; resizeAll(); });
  });

  function build(el) {
    var source = document.getElementById(el.getAttribute('data-chart'));
    if (!source) return;
    var option = JSON.parse(source.textContent);
    var lang = (document.documentElement.lang || '').toLowerCase();
    var chart = echarts.init(el, null, { renderer: 'canvas', locale: lang.indexOf('zh') === 0 ? 'ZH' : 'EN' });
    if (option.aria === undefined) option.aria = { enabled: true };
    option.textStyle = Object.assign({ fontFamily: getComputedStyle(document.body).fontFamily }, option.textStyle);
    chart.setOption(option);
    charts.push(chart);
    if (window.ResizeObserver) new ResizeObserver(function () { if (!chart.isDisposed()) chart.resize(); }).observe(el);
    el.setAttribute('data-chart-ready', '');
    el.dispatchEvent(new CustomEvent('chart:ready', { bubbles: true, detail: { chart: chart } }));
  }

  function init(root) {
    var elements = [];
    if (root.matches && root.matches('[data-chart]')) elements.push(root);
    Array.prototype.push.apply(elements, root.querySelectorAll ? root.querySelectorAll('[data-chart]') : []);
    elements.forEach(function (el) {
      if (el.chengguanChartStarted) return;
      el.chengguanChartStarted = true;
      chengguan.loadScript(el.getAttribute('data-echarts-js'), 'echarts').then(function () { build(el); }, function (error) {
        if (window.console) console.error(error);
      });
    });
  }

  if (chengguan.onContent) chengguan.onContent(init);
  else document.addEventListener('DOMContentLoaded', function () { init(document); });
})();
