/* Map of centres above the list: an enhancement only, the list is complete without it.
   Reads its data from the same search as the list (data-map-src) and its tile server from
   the portal's settings (data-tile-url). */
(function () {
  "use strict";
  var container = document.querySelector(".center-map[data-map-src]");
  if (!container || typeof L === "undefined" || !window.fetch) {
    return;
  }
  container.hidden = false;
  container.setAttribute("role", "region");
  container.setAttribute("aria-label", container.dataset.label);

  // Production serves hashed file names, which Leaflet cannot guess: pass them in.
  L.Icon.Default.imagePath = "";
  L.Icon.Default.mergeOptions({
    iconUrl: container.dataset.icon,
    iconRetinaUrl: container.dataset.icon2x,
    shadowUrl: container.dataset.shadow,
  });

  var map = L.map(container, { scrollWheelZoom: false });
  L.tileLayer(container.dataset.tileUrl, {
    maxZoom: 18,
    attribution: container.dataset.attribution,
  }).addTo(map);
  map.setView([50.9, 11.0], 8); // Thuringia

  fetch(container.dataset.mapSrc, { headers: { Accept: "application/json" } })
    .then(function (response) {
      if (!response.ok) {
        throw new Error("map data " + response.status);
      }
      return response.json();
    })
    .then(function (data) {
      var bounds = [];
      data.centers.forEach(function (center) {
        var link = document.createElement("a");
        link.href = center.url;
        link.textContent = center.name;
        var popup = document.createElement("div");
        popup.appendChild(link);
        popup.appendChild(document.createElement("br"));
        popup.appendChild(document.createTextNode(center.city));
        // Not in the tab order: the list below holds every centre and is the way for
        // keyboard and screen-reader users; 70 focusable pins would only be in the way.
        L.marker([center.lat, center.lon], { title: center.name, alt: center.name, keyboard: false })
          .bindPopup(popup)
          .addTo(map);
        bounds.push([center.lat, center.lon]);
      });
      if (bounds.length) {
        map.fitBounds(bounds, { padding: [24, 24], maxZoom: 13 });
      }
    })
    .catch(function () {
      container.hidden = true; // The list below still shows every centre.
    });
})();
