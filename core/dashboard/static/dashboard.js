// The zone map: the GeoJSON the dashboard was given, drawn with leaflet (served by the dashboard itself) on a blank
// background: no tile server, nothing fetched from outside. Everything else on the page is plain HTML.
(function () {
  'use strict';
  var element = document.getElementById('zone-map');
  if (element === null || typeof L === 'undefined') return;
  fetch(element.getAttribute('data-src'))
    .then(function (response) {
      if (!response.ok) throw new Error('the zone map could not be loaded (' + response.status + ')');
      return response.json();
    })
    .then(function (collection) {
      var map = L.map(element, { attributionControl: false, zoomSnap: 0.25 });
      var layer = L.geoJSON(collection, {
        style: function () {
          return { color: '#8a3b12', weight: 2, fillColor: '#f4a259', fillOpacity: 0.45 };
        },
        // Hazard observations (points) as small circles, so every feature is a drawn shape.
        pointToLayer: function (_feature, latlng) {
          return L.circleMarker(latlng, { radius: 4, color: '#1d3557', weight: 1, fillOpacity: 0.8 });
        },
        onEachFeature: function (feature, shape) {
          var p = feature.properties || {};
          var label = p.rank !== undefined ? 'Zone ' + p.rank + (p.requests !== undefined ? ': ' + p.requests + ' reports' : '') : p.category || String(feature.id || '');
          shape.bindTooltip(label);
        },
      }).addTo(map);
      if (layer.getLayers().length > 0) map.fitBounds(layer.getBounds(), { padding: [16, 16] });
      else map.setView([0, 0], 1);
      element.setAttribute('data-features', String(layer.getLayers().length));
    })
    .catch(function (error) {
      element.textContent = error.message;
      element.setAttribute('data-error', 'true');
    });
})();
