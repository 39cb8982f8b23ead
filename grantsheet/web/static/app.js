// grantsheet serve: drop files on a form, follow a build's progress, sort and search a table,
// and notice input files changed on disk. No build step: this file is served as it is.
"use strict";

function setUpDropzones() {
  for (const form of document.querySelectorAll("form.dropzone")) {
    const input = form.querySelector("input[type=file]");
    input.addEventListener("change", () => { if (input.files.length) form.requestSubmit(); });
    form.addEventListener("dragover", (event) => { event.preventDefault(); form.classList.add("over"); });
    form.addEventListener("dragleave", () => form.classList.remove("over"));
    form.addEventListener("drop", (event) => {
      event.preventDefault();
      form.classList.remove("over");
      if (!event.dataTransfer || !event.dataTransfer.files.length) return;
      input.files = event.dataTransfer.files;
      form.requestSubmit();
    });
    form.addEventListener("submit", () => form.classList.add("busy"));
  }
}

function followProgress() {
  const box = document.getElementById("progress");
  if (!box) return;
  const bar = document.getElementById("progress-bar");
  const text = document.getElementById("progress-text");
  const poll = async () => {
    let job;
    try {
      const response = await fetch("/jobs/" + box.dataset.job, { cache: "no-store" });
      job = await response.json();
    } catch (error) {
      setTimeout(poll, 1000);
      return;
    }
    bar.max = job.total || 1;
    bar.value = job.done;
    const format = text.dataset[job.phase] || "";
    text.dataset.phase = job.phase;
    text.textContent = format.replace("{done}", job.done).replace("{total}", job.total);
    if (job.state === "running") setTimeout(poll, 200);
    else window.location.replace(box.dataset.done);
  };
  poll();
}

function setUpTable() {
  const table = document.querySelector("table.sortable");
  if (!table) return;
  const body = table.tBodies[0];
  table.querySelectorAll("th[data-sort]").forEach((header, column) => {
    header.tabIndex = 0;
    const sort = () => {
      const descending = header.getAttribute("aria-sort") === "ascending";
      table.querySelectorAll("th").forEach((h) => h.removeAttribute("aria-sort"));
      header.setAttribute("aria-sort", descending ? "descending" : "ascending");
      const numeric = header.dataset.sort === "number";
      const value = (row) => {
        const cell = row.cells[column];
        return numeric ? Number(cell.dataset.value) : cell.textContent.trim();
      };
      const rows = Array.from(body.rows);
      rows.sort((a, b) => {
        const order = numeric ? value(a) - value(b) : value(a).localeCompare(value(b), document.documentElement.lang);
        return descending ? -order : order;
      });
      body.append(...rows);
    };
    header.addEventListener("click", sort);
    header.addEventListener("keydown", (event) => { if (event.key === "Enter") sort(); });
  });
  const search = document.getElementById("search");
  if (search) {
    search.addEventListener("input", () => {
      const words = search.value.toLocaleLowerCase().trim();
      for (const row of body.rows) {
        const text = (row.cells[0].textContent + " " + row.cells[1].textContent).toLocaleLowerCase();
        row.hidden = words !== "" && !text.includes(words);
      }
    });
  }
}

function watchInputs() {
  const notice = document.getElementById("changed");
  if (!notice) return;
  const names = document.getElementById("changed-files");
  const poll = async () => {
    try {
      const response = await fetch("/status", { cache: "no-store" });
      const status = await response.json();
      names.textContent = status.changed.join(", ");
      notice.hidden = status.changed.length === 0;
    } catch (error) {
      // the server is restarting: try again at the next tick
    }
    setTimeout(poll, 3000);
  };
  setTimeout(poll, 3000);
}

// The grant's rules: every change is sent as the whole form (nothing is saved), and the
// server answers with the preview and the problems per field; an older answer arriving
// after a newer one is dropped.
function setUpGrantEditor() {
  const form = document.getElementById("grant-form");
  if (!form) return;
  const box = document.getElementById("preview");
  let timer = null;
  let sent = 0;
  let shown = 0;
  const refresh = async () => {
    const number = ++sent;
    const data = new FormData(form);
    let answer;
    try {
      const response = await fetch("/grant/preview", { method: "POST", body: data, cache: "no-store" });
      answer = await response.json();
    } catch (error) {
      return; // the server is restarting: the next change asks again
    }
    if (number < shown) return;
    shown = number;
    box.innerHTML = answer.html;
    for (const field of form.querySelectorAll(".field")) {
      const messages = answer.fields[field.dataset.field];
      field.classList.toggle("has-problem", Boolean(messages));
      field.querySelector(".field-problem").textContent = messages ? messages.join(" ") : "";
    }
    document.getElementById("changed-on-disk").hidden = !answer.changed_on_disk;
    form.dataset.previewed = String(number);
  };
  const later = () => {
    clearTimeout(timer);
    timer = setTimeout(refresh, 120);
  };
  form.addEventListener("input", (event) => { if (!event.target.closest("#table-drop")) later(); });
  form.addEventListener("change", (event) => { if (!event.target.closest("#table-drop")) later(); });
  // A table dropped (or picked) is sent at once with the draft; the page comes back with its proposal.
  const zone = document.getElementById("table-dropzone");
  if (!zone) return;
  const input = zone.querySelector("input[type=file]");
  const send = () => form.requestSubmit(document.getElementById("drop-table"));
  input.addEventListener("change", () => { if (input.files.length) send(); });
  zone.addEventListener("dragover", (event) => { event.preventDefault(); zone.classList.add("over"); });
  zone.addEventListener("dragleave", () => zone.classList.remove("over"));
  zone.addEventListener("drop", (event) => {
    event.preventDefault();
    zone.classList.remove("over");
    if (!event.dataTransfer || !event.dataTransfer.files.length) return;
    input.files = event.dataTransfer.files;
    send();
  });
}

document.addEventListener("DOMContentLoaded", () => {
  setUpGrantEditor();
  setUpDropzones();
  followProgress();
  setUpTable();
  watchInputs();
});
