// The demo's report.html in a real browser: axe-core's WCAG 2.1 A/AA rules at 1280 px and
// 320 px, no sideways scrolling, the charts' accessible names (the plan period's with every
// year), and the filter bar.
//
//   node tests/browser/report.test.mjs path/to/report.html
//
// Chromium comes from Debian (/usr/bin/chromium, or $CHROMIUM); playwright-core and axe-core
// from this folder's package-lock.json (npm ci). Prints "N passed, M failed"; exits 1 on failure.

import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { createRequire } from "node:module";
import { chromium } from "playwright-core";

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const file = process.argv[2];
if (!file) {
  console.error("usage: node report.test.mjs REPORT.html");
  process.exit(2);
}
const url = pathToFileURL(resolve(file)).href;
const WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

let passed = 0;
let failed = 0;
async function test(name, fn) {
  try {
    await fn();
    passed += 1;
    console.log(`ok   ${name}`);
  } catch (e) {
    failed += 1;
    console.log(`FAIL ${name}\n     ${String(e && e.stack ? e.message : e).split("\n").join("\n     ")}`);
  }
}
function assert(cond, message) {
  if (!cond) throw new Error(message);
}

// playwright-core gives launch() a fresh temporary --user-data-dir of its own.
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  args: [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
});

// Every request the page makes other than the file itself: must be none.
const external = [];
async function open(width, options = {}) {
  const context = await browser.newContext({
    viewport: { width, height: 900 },
    javaScriptEnabled: options.javaScript !== false,
  });
  const page = await context.newPage();
  page.on("request", (r) => {
    if (r.url() !== url) external.push(r.url());
  });
  await page.goto(url, { waitUntil: "load" });
  return { page, context };
}

async function axe(page) {
  await page.addScriptTag({ content: axeSource });
  return page.evaluate(async (tags) => {
    const r = await window.axe.run(document, { runOnly: { type: "tag", values: tags } });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      nodes: v.nodes.length,
      target: v.nodes.slice(0, 3).map((n) => n.target.join(" ")),
      summary: v.nodes[0] && v.nodes[0].failureSummary,
    }));
  }, WCAG);
}

function describe(violations) {
  return violations
    .map((v) => `${v.id} (${v.impact}, ${v.nodes}): ${v.target.join(" | ")}\n  ${v.summary}`)
    .join("\n");
}

async function overflow(page) {
  return page.evaluate(() => {
    const root = document.documentElement;
    const wide = [];
    if (root.scrollWidth > root.clientWidth) {
      for (const el of document.body.querySelectorAll("*")) {
        const r = el.getBoundingClientRect();
        if (r.right > root.clientWidth + 0.5 && !el.closest(".scroll")) {
          wide.push(`${el.tagName.toLowerCase()}.${el.className} ${Math.round(r.right)}`);
        }
      }
    }
    return { by: root.scrollWidth - root.clientWidth, wide: wide.slice(0, 8) };
  });
}

for (const width of [1280, 320]) {
  const { page, context } = await open(width);
  await test(`axe-core WCAG 2.1 A/AA at ${width} px: no violations`, async () => {
    const v = await axe(page);
    assert(v.length === 0, describe(v));
  });
  await test(`no sideways scrolling at ${width} px`, async () => {
    const o = await overflow(page);
    assert(o.by <= 0, `scrolls sideways by ${o.by} px: ${o.wide.join(", ")}`);
  });
  if (width === 320) {
    await test("at 320 px, every wide table scrolls inside a focusable region", async () => {
      const bad = await page.evaluate(() =>
        Array.from(document.querySelectorAll("table"))
          .filter((t) => t.scrollWidth > t.parentElement.clientWidth + 1)
          .filter((t) => {
            const s = t.closest(".scroll");
            return !s || s.tabIndex !== 0;
          })
          .map((t) => (t.caption ? t.caption.textContent : t.className)),
      );
      assert(bad.length === 0, `not in a focusable scroll region: ${bad.join(", ")}`);
    });
  }
  await context.close();
}

{
  const { page, context } = await open(1280);
  await test("the summary comes first, with the on-target sentence under the title", async () => {
    const order = await page.evaluate(() => {
      const at = (sel) => {
        const el = document.querySelector(sel);
        return el ? Array.from(document.querySelectorAll("*")).indexOf(el) : -1;
      };
      return { h1: at("h1"), headline: at(".headline"), summary: at("#summary"), toc: at("nav.toc"), pillar: at("section.pillar") };
    });
    assert(order.h1 >= 0 && order.h1 < order.headline, JSON.stringify(order));
    assert(order.headline < order.summary && order.summary < order.toc && order.toc < order.pillar, JSON.stringify(order));
    const text = await page.textContent(".headline");
    assert(/項目中.*項目（[\d.]+％）/.test(text), text);
  });
  await test("the charts are inline SVG with accessible names that state the numbers", async () => {
    const charts = await page.evaluate(() =>
      Array.from(document.querySelectorAll("svg[role=img]")).map((s) => {
        const ids = (s.getAttribute("aria-labelledby") || "").split(" ");
        const name = ids.map((id) => document.getElementById(id)?.textContent || "").join(" ");
        return { name, rects: s.querySelectorAll("rect").length };
      }),
    );
    assert(charts.length >= 2, `${charts.length} charts`);
    for (const c of charts) {
      assert(c.rects > 0, "a chart without bars");
      assert(/\d/.test(c.name) && c.name.length > 20, `name: ${c.name}`);
    }
    assert(/項目/.test(charts[0].name) && /千円/.test(charts[1].name), charts.map((c) => c.name).join("\n"));
    const snapshot = await page.locator("svg[role=img]").first().ariaSnapshot();
    assert(/img/.test(snapshot) && /\d/.test(snapshot), snapshot);
  });
  await test("the plan period: the trend chart is named with every year and its share", async () => {
    const t = await page.evaluate(() => {
      const svg = document.querySelector("svg[aria-labelledby='chart-trend-share-title']");
      const title = document.getElementById("chart-trend-share-title");
      const rows = Array.from(document.querySelectorAll("table.trend-figures tbody tr")).map((r) => ({
        year: r.querySelector("th").textContent,
        share: r.querySelector("td").textContent,
      }));
      return { svg: !!svg, role: svg && svg.getAttribute("role"), name: title ? title.textContent : "", rows };
    });
    assert(t.svg && t.role === "img", JSON.stringify(t));
    assert(t.rows.length >= 2, `years in the table: ${t.rows.length}`);
    for (const r of t.rows) {
      assert(/年度$/.test(r.year) && t.name.includes(r.year), `${r.year} not in the name: ${t.name}`);
      // The share as the table prints it (73.3％), or 報告なし for a gap.
      assert(t.name.includes(r.share), `${r.share} not in the name: ${t.name}`);
    }
    const name = await page.locator("svg[aria-labelledby='chart-trend-share-title']").ariaSnapshot();
    assert(t.rows.every((r) => name.includes(r.year)), name);
  });
  await test("the plan period: each unit shows its grade for every year as text", async () => {
    const r = await page.evaluate(() => {
      const years = Array.from(document.querySelectorAll("table.trend-figures tbody th")).map((th) => th.textContent);
      const units = Array.from(document.querySelectorAll(".unit[data-bureaus]"));
      const rows = units.map((u) => Array.from(u.querySelectorAll("ol.trend li .year")).map((y) => y.textContent));
      const behind = Array.from(document.querySelectorAll(".behind-list a")).map((a) => a.getAttribute("href"));
      return {
        units: units.length,
        complete: rows.filter((y) => JSON.stringify(y) === JSON.stringify(years)).length,
        behind: behind.length,
        broken: behind.filter((h) => !document.getElementById(h.slice(1))),
      };
    });
    assert(r.units > 100 && r.complete === r.units, JSON.stringify(r));
    assert(r.broken.length === 0, `links to nowhere: ${r.broken.join(" ")}`);
  });
  await test("the table of contents is collapsed per pillar", async () => {
    const d = await page.evaluate(() => ({
      details: document.querySelectorAll("nav.toc details").length,
      open: document.querySelectorAll("nav.toc details[open]").length,
      pillars: document.querySelectorAll("section.pillar").length,
    }));
    assert(d.details === d.pillars && d.pillars > 0 && d.open === 0, JSON.stringify(d));
  });
  await test("filtering by 財政局 shows exactly the units whose data-bureaus include it", async () => {
    const total = await page.locator(".unit[data-bureaus]").count();
    await page.getByLabel("所管局", { exact: true }).selectOption("財政局");
    const r = await page.evaluate(() => {
      const units = Array.from(document.querySelectorAll(".unit[data-bureaus]"));
      const visible = (el) => el.getClientRects().length > 0;
      const owns = (u) => u.dataset.bureaus.split(" ").includes("財政局");
      return {
        expected: units.filter(owns).length,
        shown: units.filter(visible).length,
        wrong: units.filter((u) => visible(u) !== owns(u)).map((u) => u.id),
        status: document.getElementById("filter-status").textContent,
      };
    });
    assert(r.expected > 0 && r.expected < total, JSON.stringify(r));
    assert(r.wrong.length === 0, `shown or hidden wrongly: ${r.wrong.join(" ")}`);
    assert(r.shown === r.expected, JSON.stringify(r));
    assert(r.status === `財政局：${r.expected}件`, r.status);
    const v = await axe(page);
    assert(v.length === 0, "after filtering: " + describe(v));
  });
  await test("the grade filter and the text search narrow the units", async () => {
    await page.getByRole("button", { name: "条件を解除" }).click();
    await page.waitForFunction(() => /^すべての取組み：\d+件$/.test(document.getElementById("filter-status").textContent));
    const total = await page.locator(".unit[data-bureaus]").count();
    const all = await page.textContent("#filter-status");
    assert(all === `すべての取組み：${total}件`, all);
    await page.getByLabel("評価", { exact: true }).selectOption({ label: "遅れのあるもの（目標を下回る評価）" });
    const behind = await page.evaluate(() => {
      const units = Array.from(document.querySelectorAll(".unit[data-bureaus]"));
      const shown = units.filter((u) => u.getClientRects().length > 0);
      return { shown: shown.length, ok: shown.every((u) => u.dataset.onTarget === "false") };
    });
    assert(behind.shown > 0 && behind.shown < total && behind.ok, JSON.stringify(behind));
    await page.getByLabel("評価", { exact: true }).selectOption("");
    await page.getByLabel(/キーワード/).fill("広告");
    const found = await page.evaluate(() =>
      Array.from(document.querySelectorAll(".unit[data-bureaus]"))
        .filter((u) => u.getClientRects().length > 0)
        .map((u) => u.closest("article").querySelector("h4").textContent + u.textContent),
    );
    assert(found.length > 0 && found.length < total, `${found.length} of ${total}`);
    assert(found.every((t) => t.includes("広告")), "a unit without the word");
  });
  await context.close();
}

{
  const { page, context } = await open(1280, { javaScript: false });
  await test("without JavaScript every unit is shown and the filter bar is hidden", async () => {
    const r = await page.evaluate(() => ({
      units: document.querySelectorAll(".unit[data-bureaus]").length,
      shown: Array.from(document.querySelectorAll(".unit[data-bureaus]")).filter((u) => u.getClientRects().length > 0).length,
      form: document.getElementById("filter").getClientRects().length,
    }));
    assert(r.units > 100 && r.shown === r.units && r.form === 0, JSON.stringify(r));
  });
  await context.close();
}

await test("the page fetches nothing", async () => {
  assert(external.length === 0, external.slice(0, 5).join(", "));
});

await browser.close();
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
