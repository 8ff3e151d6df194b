// The queue's "select every case on this page" (templates/casework/queue/_table.html):
// a checkbox in the selection column's heading, added only where scripts run, that ticks
// or clears every case listed. Without it each case is ticked on its own, and the bulk
// form works the same either way.
const table = document.querySelector(".app-queue-table[data-select-all]");
const heading = table?.querySelector("thead th");
const boxes = table ? Array.from(table.querySelectorAll('tbody input[name="cases"]')) : [];

if (heading && boxes.length) {
  const group = document.createElement("div");
  group.className = "govuk-checkboxes govuk-checkboxes--small";
  const item = document.createElement("div");
  item.className = "govuk-checkboxes__item";
  const all = document.createElement("input");
  all.className = "govuk-checkboxes__input";
  all.type = "checkbox";
  all.id = "select-every-case";
  const label = document.createElement("label");
  label.className = "govuk-label govuk-checkboxes__label";
  label.htmlFor = all.id;
  const words = document.createElement("span");
  words.className = "govuk-visually-hidden";
  words.textContent = table.dataset.selectAll;
  label.append(words);
  item.append(all, label);
  group.append(item);
  heading.replaceChildren(group);

  const reflect = () => {
    all.checked = boxes.every((box) => box.checked);
  };
  all.addEventListener("change", () => {
    for (const box of boxes) {
      box.checked = all.checked;
    }
  });
  for (const box of boxes) {
    box.addEventListener("change", reflect);
  }
  reflect();
}
