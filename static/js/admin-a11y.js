// Names for two widgets that Django's admin builds in JavaScript (loaded by
// templates/admin/base_site.html). Runs after the admin's own scripts, again for inline
// rows added later.
"use strict";
{
  function nameWidgets() {
    // filter_horizontal: the search icon carries the filter box's description in an
    // aria-label, which is only allowed on an element with a role.
    document.querySelectorAll(".selector .search-label-icon[aria-label]").forEach((icon) => {
      icon.setAttribute("role", "img");
    });
    // autocomplete_fields (select2): the combobox and its text are named by the field's
    // label, also while nothing is chosen.
    document.querySelectorAll("select.admin-autocomplete").forEach((select) => {
      const label = document.querySelector(`label[for="${select.id}"]`);
      const combobox = select.parentElement.querySelector(".select2-selection[role=combobox]");
      if (!label || !combobox) {
        return;
      }
      label.id = label.id || `${select.id}_label`;
      const rendered = combobox.querySelector(".select2-selection__rendered");
      combobox.setAttribute("aria-labelledby", `${label.id} ${rendered ? rendered.id : ""}`.trim());
      if (rendered) {
        rendered.setAttribute("aria-labelledby", label.id);
      }
    });
  }
  // The admin's widgets are drawn on "load" and when an inline row is added.
  window.addEventListener("load", () => setTimeout(nameWidgets));
  document.addEventListener("formset:added", () => setTimeout(nameWidgets));
}
