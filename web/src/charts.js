// Charts for the analyst pages, drawn on top of the tables the server already rendered
// (the tables stay: they are the accessible form of each chart). Data comes from
// <script type="application/json"> elements in the page; nothing is fetched.
// Bundled with Apache ECharts by esbuild at build time (web/package.json).
import * as echarts from 'echarts/core';
import { BarChart, ScatterChart } from 'echarts/charts';
import { GridComponent, TooltipComponent, TitleComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';

echarts.use([BarChart, ScatterChart, GridComponent, TooltipComponent, TitleComponent, SVGRenderer]);

function readData(id) {
  const el = document.getElementById(id);
  if (!el) return null;
  try {
    return JSON.parse(el.textContent);
  } catch (e) {
    return null;
  }
}

const INK = '#1b1b1b';
const BAR = '#1d4f91';

// UpSet-style: bars of persons per combination of lists, and below them a matrix of
// which lists each combination holds.
function drawOverlap() {
  const el = document.getElementById('overlap-chart');
  const data = readData('overlap-data');
  if (!el || !data) return;
  const combos = data.combinations.slice(0, 30);
  const lists = data.sources.map((s) => s.name);
  const labels = combos.map((c, i) => String(i + 1));
  const dots = [];
  combos.forEach((c, i) => {
    lists.forEach((name, j) => {
      dots.push({ value: [i, j], itemStyle: { color: c.sources.includes(name) ? INK : '#d0d0d0' } });
    });
  });
  const chart = echarts.init(el, null, { renderer: 'svg' });
  chart.setOption({
    animation: false,
    tooltip: { trigger: 'item' },
    grid: [
      { left: 140, right: 20, top: 20, height: '45%' },
      { left: 140, right: 20, bottom: 20, height: '35%' },
    ],
    xAxis: [
      { type: 'category', data: labels, gridIndex: 0, axisLabel: { show: false } },
      { type: 'category', data: labels, gridIndex: 1, axisLabel: { show: false } },
    ],
    yAxis: [
      { type: 'value', gridIndex: 0, name: 'persons', axisLabel: { color: INK } },
      { type: 'category', data: lists, gridIndex: 1, inverse: true, axisLabel: { color: INK } },
    ],
    series: [
      {
        type: 'bar', xAxisIndex: 0, yAxisIndex: 0, itemStyle: { color: BAR },
        data: combos.map((c) => ({ value: c.persons, name: c.sources.join(' + ') })),
        tooltip: { formatter: (p) => `${p.name}: ${p.value}` },
      },
      {
        type: 'scatter', xAxisIndex: 1, yAxisIndex: 1, symbolSize: 12, data: dots,
        tooltip: { show: false },
      },
    ],
  });
  el.dataset.drawn = 'overlap';
}

// Each model's estimate with its interval; the headline first.
function drawEstimate() {
  const el = document.getElementById('estimate-chart');
  const total = readData('estimate-data');
  if (!el || !total) return;
  // "interval": [low, high], high null when unbounded (habeas estimate --json).
  const ends = (row) => (Array.isArray(row.interval) ? row.interval : [null, null]);
  const rows = [{ label: 'headline', estimate: total.estimate, low: ends(total)[0], high: ends(total)[1] }];
  (total.models || []).forEach((m) => rows.push({
    label: `${m.method} ${m.model}`, estimate: m.estimate, low: ends(m)[0], high: ends(m)[1],
  }));
  const finite = rows.flatMap((r) => [r.low, r.estimate, r.high]).filter((v) => typeof v === 'number' && isFinite(v));
  const cap = Math.max(...finite, 1) * 1.2;
  const high = (v) => (typeof v === 'number' && isFinite(v) ? v : cap);
  const chart = echarts.init(el, null, { renderer: 'svg' });
  chart.setOption({
    animation: false,
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    grid: { left: 220, right: 30, top: 20, bottom: 30 },
    yAxis: { type: 'category', data: rows.map((r) => r.label), inverse: true, axisLabel: { color: INK, width: 200, overflow: 'truncate' } },
    xAxis: { type: 'value', name: 'people', axisLabel: { color: INK } },
    series: [
      { type: 'bar', stack: 'interval', itemStyle: { color: 'transparent' }, data: rows.map((r) => r.low), tooltip: { show: false } },
      { type: 'bar', stack: 'interval', itemStyle: { color: '#9cb8e0' }, name: 'interval', data: rows.map((r) => high(r.high) - r.low) },
      { type: 'scatter', name: 'estimate', symbol: 'diamond', symbolSize: 14, itemStyle: { color: INK }, data: rows.map((r) => r.estimate) },
    ],
  });
  el.dataset.drawn = 'estimate';
}

document.addEventListener('DOMContentLoaded', () => {
  drawOverlap();
  drawEstimate();
});
