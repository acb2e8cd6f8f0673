// The paper card (rl-card): shows one paper and turns keys pressed while it has the focus
// into messages for the kernel. Everything shown comes from the model: the HTML traits are
// built and escaped by readinglist on the Python side; plain text is set as text.
// JupyterLab skips its own shortcuts for events from inside an element carrying
// data-lm-suppress-shortcuts, so "m" rates nothing and leaves the cell alone.

const KEYS = new Set("12345" + "0" + "jknpu" + "qgrmsx" + "teay?" + "v");

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function keyOf(event) {
  if (event.ctrlKey || event.metaKey || event.altKey) return null;
  // Shift+1..9 accepts the Nth chip, whatever the keyboard layout prints for it.
  if (event.shiftKey && /^Digit[1-9]$/.test(event.code)) return "chip:" + event.code.slice(5);
  return KEYS.has(event.key) ? event.key : null;
}

function render({ model, el: host }) {
  const card = el("div", "rl-card");
  card.tabIndex = 0;
  card.setAttribute("data-lm-suppress-shortcuts", "true");
  card.setAttribute("role", "region");
  card.setAttribute("aria-label", "paper card: press ? for the keys");

  const top = el("div", "rl-card-top");
  const position = el("span", "rl-position");
  const state = el("span", "rl-card-state");
  const hint = el("span", "rl-card-hint", "? keys");
  top.append(position, state, hint);
  const title = el("div", "rl-title");
  const meta = el("div", "rl-meta");
  const links = el("div", "rl-links");
  const chips = el("div", "rl-chips");
  const abstractToggle = el("button", "rl-abstract-toggle");
  abstractToggle.type = "button";
  const abstract = el("div", "rl-abstract");
  const help = el("div", "rl-key-help");
  card.append(top, title, meta, links, chips, abstractToggle, abstract, help);
  host.append(card);

  function draw() {
    position.textContent = model.get("position");
    const rating = model.get("rating");
    const status = model.get("status");
    state.replaceChildren();
    const stars = el("span", "rl-card-stars", rating ? "★".repeat(rating) + "☆".repeat(5 - rating) : "not rated");
    stars.title = rating ? `rated ${rating} of 5` : "not rated";
    state.append(stars);
    const badge = el("span", "rl-card-status" + (status ? " rl-card-status-set" : ""), status || "no status");
    state.append(badge);

    title.innerHTML = model.get("title_html");
    meta.textContent = model.get("meta");
    links.replaceChildren();
    for (const link of model.get("links")) {
      if (!/^https?:\/\//.test(link.url)) continue;
      const a = el("a", "rl-link", link.label);
      a.href = link.url;
      a.target = "_blank";
      a.rel = "noopener noreferrer";
      links.append(a);
    }

    chips.replaceChildren();
    const shown = model.get("chips");
    if (shown.length) chips.append(el("span", "rl-chips-label", model.get("chips_label")));
    shown.forEach((chip, i) => {
      const button = el("button", `rl-chip rl-chip-${chip.kind}` + (chip.kind === "vote" ? " rl-vote" : "") + (chip.active ? " rl-chip-active" : ""), chip.label);
      button.type = "button";
      button.title = (chip.title || chip.label) + (i < 9 ? ` (Shift+${i + 1})` : "");
      button.addEventListener("click", () => {
        model.send({ type: "chip", kind: chip.kind, value: chip.value });
        card.focus({ preventScroll: true });
      });
      chips.append(button);
    });
    chips.hidden = shown.length === 0;

    const open = model.get("abstract_open");
    const hasAbstract = model.get("abstract_html") !== "";
    abstractToggle.hidden = !hasAbstract;
    abstractToggle.textContent = (open ? "▾ abstract" : "▸ abstract") + " (a)";
    abstractToggle.setAttribute("aria-expanded", String(open));
    abstract.innerHTML = model.get("abstract_html");
    abstract.hidden = !open || !hasAbstract;

    help.replaceChildren();
    const table = el("table", "rl-key-table");
    for (const [keys, what] of model.get("key_help")) {
      const row = el("tr");
      row.append(el("th", "", keys), el("td", "", what));
      table.append(row);
    }
    help.append(el("div", "rl-key-help-title", "Keys while the card has the focus (click it or Tab to it)"), table);
    help.hidden = !model.get("help_open");
  }

  card.addEventListener("keydown", (event) => {
    const inner = event.target.closest && event.target.closest("input, textarea, select, [contenteditable]");
    if (inner && inner !== card) return;
    if (event.key === "Escape" && model.get("help_open")) {
      model.send({ type: "key", key: "?" });
      event.preventDefault();
      return;
    }
    const key = keyOf(event);
    if (key === null) return;
    event.preventDefault();
    event.stopPropagation();
    model.send({ type: "key", key });
  });
  abstractToggle.addEventListener("click", () => model.send({ type: "key", key: "a" }));
  card.addEventListener("click", (event) => {
    if (!event.target.closest("a, button")) card.focus({ preventScroll: true });
  });
  const onMessage = (message) => {
    if (message && message.type === "focus") card.focus({ preventScroll: true });
  };
  const traits = ["position", "rating", "status", "title_html", "meta", "links", "chips", "chips_label",
    "abstract_html", "abstract_open", "key_help", "help_open"];
  model.on("msg:custom", onMessage);
  for (const name of traits) model.on(`change:${name}`, draw);
  draw();
  if (model.get("autofocus")) requestAnimationFrame(() => card.focus({ preventScroll: true }));
  return () => {
    model.off("msg:custom", onMessage);
    for (const name of traits) model.off(`change:${name}`, draw);
  };
}

export default { render };
