// The few behaviours the pages need beyond htmx, as a file: the Content-Security-Policy allows no inline script.
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-print]");
  if (button) {
    event.preventDefault();
    window.print();
  }
});

// The phone menu: the "Menu" link unfolds the navigation (without script, its #site-menu target does).
function setNavOpen(toggle, open) {
  toggle.setAttribute("aria-expanded", open ? "true" : "false");
  toggle.closest(".topbar").classList.toggle("nav-open", open);
}
document.addEventListener("click", (event) => {
  const toggle = event.target.closest("[data-navtoggle]");
  if (toggle) {
    event.preventDefault();
    setNavOpen(toggle, toggle.getAttribute("aria-expanded") !== "true");
  }
});
document.addEventListener("keydown", (event) => {
  const toggle = document.querySelector("[data-navtoggle]");
  if (!toggle) return;
  if (event.key === " " && event.target === toggle) {
    event.preventDefault();
    toggle.click();
  } else if (event.key === "Escape" && toggle.getAttribute("aria-expanded") === "true") {
    setNavOpen(toggle, false);
    toggle.focus();
  }
});

// A drop-down made of <details data-closeoutside> (the navigation's "More", the user menu) closes when a click
// or Escape happens outside it, as a menu does.
document.addEventListener("click", (event) => {
  document.querySelectorAll("details[data-closeoutside][open]").forEach((menu) => {
    if (!menu.contains(event.target)) menu.open = false;
  });
});
document.addEventListener("keydown", (event) => {
  if (event.key !== "Escape") return;
  document.querySelectorAll("details[data-closeoutside][open]").forEach((menu) => {
    const focusInside = menu.contains(document.activeElement);
    menu.open = false;
    if (focusInside) menu.querySelector("summary").focus(); // never pull focus into a folded phone menu
  });
});

// Tables marked .table-cards become one card per row on a phone; each cell shows its column's heading,
// copied here from the table head unless the template gave it a data-label already.
function labelCardCells(root) {
  root.querySelectorAll("table.table-cards").forEach((table) => {
    const headRow = table.tHead && table.tHead.rows[table.tHead.rows.length - 1];
    if (!headRow) return;
    const labels = [];
    for (const th of headRow.cells) {
      for (let i = 0; i < th.colSpan; i += 1) labels.push(th.textContent.trim());
    }
    for (const body of table.tBodies) {
      for (const row of body.rows) {
        let column = 0;
        for (const cell of row.cells) {
          if (cell.colSpan > 1) cell.classList.add("card-full");
          else if (cell.matches("th[scope=row]")) {
            // the row's heading is the card's title
          } else if (!cell.hasAttribute("data-label") && labels[column]) cell.setAttribute("data-label", labels[column]);
          column += cell.colSpan;
        }
      }
    }
  });
}
document.addEventListener("DOMContentLoaded", () => labelCardCells(document));
document.addEventListener("htmx:afterSettle", (event) => labelCardCells(event.target));
