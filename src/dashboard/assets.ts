/**
 * The dashboard's two static files, served from memory (no build step, nothing to copy into dist/).
 * The script sorts a table by a column when its header button is pressed; pages work without it.
 */
export const sortTableScript = `"use strict";
document.querySelectorAll("table.sortable").forEach(function (table) {
  table.querySelectorAll("button.sort").forEach(function (button) {
    button.addEventListener("click", function () {
      var column = Number(button.dataset.column);
      var numeric = button.dataset.numeric === "1";
      var ascending = button.getAttribute("aria-sort") !== "ascending";
      table.querySelectorAll("button.sort").forEach(function (other) { other.removeAttribute("aria-sort"); });
      button.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      var body = table.tBodies[0];
      var rows = Array.prototype.slice.call(body.rows);
      var key = function (row) {
        var cell = row.cells[column];
        var raw = cell ? (cell.dataset.value !== undefined ? cell.dataset.value : cell.textContent) : "";
        return numeric ? Number(raw) : String(raw).toLowerCase();
      };
      rows.sort(function (a, b) {
        var x = key(a), y = key(b);
        var order = x < y ? -1 : x > y ? 1 : 0;
        return ascending ? order : -order;
      });
      rows.forEach(function (row) { body.appendChild(row); });
    });
  });
});
`;

export const dashboardCss = `body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:#1f2733;background:#f6f7f9}
header{display:flex;gap:1.5rem;align-items:center;padding:.75rem 1.5rem;background:#1f2733;color:#fff}
header nav{display:flex;gap:1rem;flex:1}header a{color:#cfe0ff}header form{margin:0}
main{max-width:960px;margin:0 auto;padding:1rem 1.5rem 3rem}
section{background:#fff;border:1px solid #e1e5ea;border-radius:6px;padding:1rem 1.25rem;margin:1rem 0}
h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:0}.note{color:#4a5565}
figure{margin:0 0 1rem;overflow-x:auto}svg.chart{max-width:100%;height:auto}
table{border-collapse:collapse;width:100%;font-size:.9rem}th,td{padding:.3rem .5rem;border-bottom:1px solid #e1e5ea;text-align:left}
.num{text-align:right;font-variant-numeric:tabular-nums}td.flagged{color:#b3541e;font-weight:600}
button.sort{background:none;border:0;font:inherit;font-weight:600;cursor:pointer;padding:0}
button.sort[aria-sort=ascending]::after{content:" \\25B2"}button.sort[aria-sort=descending]::after{content:" \\25BC"}
.csv{margin:.5rem 0 0;font-size:.85rem}.empty{color:#6b7a8f}
`;
