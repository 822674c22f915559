import { useEffect, useState } from "react";
import L from "leaflet";
import leafletCss from "leaflet/dist/leaflet.css";
import { AttributionControl, MapContainer, Marker, Popup, TileLayer } from "react-leaflet";
import { useTranslation } from "~/i18n-react";

/**
 * Leaflet lives only in *.client.tsx modules, loaded by dynamic import() when someone asks for a map
 * (docs/decisions/004). Markers are HTML pins (no image to fetch) and the container has a plain
 * background, so markers still show when no tile server is reachable.
 */

export type MapTiles = { url: string; attribution: string };
export type MapEvent = { code: string; title: string; when: string; lat: number; lon: number; cancelled: boolean };

export const MAP_HEIGHT = 360;

/** Leaflet's stylesheet, linked once on first use; the map renders once it applies. */
export function useLeafletStylesheet() {
  const [ready, setReady] = useState(false);
  useEffect(() => {
    let link = document.querySelector<HTMLLinkElement>("link[data-leaflet]");
    if (!link) {
      link = document.createElement("link");
      link.rel = "stylesheet";
      link.href = leafletCss;
      link.dataset.leaflet = "";
      document.head.appendChild(link);
    }
    if (link.sheet) return setReady(true);
    const done = () => setReady(true);
    link.addEventListener("load", done);
    link.addEventListener("error", done);
    return () => {
      link.removeEventListener("load", done);
      link.removeEventListener("error", done);
    };
  }, []);
  return ready;
}

const escape = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

/** A round pin with its name for screen readers (Leaflet makes keyboard markers role="button"). */
export function pinIcon(label: string, muted = false) {
  const colour = muted ? "#4a4a4a" : "#1f3a93";
  return L.divIcon({
    className: "",
    iconSize: [28, 28],
    iconAnchor: [14, 14],
    popupAnchor: [0, -14],
    html: `<span style="display:block;width:28px;height:28px;border-radius:50%;background:${colour};border:3px solid #fff;box-shadow:0 0 0 2px ${colour}"></span><span class="visually-hidden">${escape(label)}</span>`,
  });
}

export const mapStyle = { height: MAP_HEIGHT, background: "#e4e9f0" };

// Leaflet's own credit link is told apart by colour only (axe: link-in-text-block): underline it.
export const attributionPrefix = '<a href="https://leafletjs.com" style="text-decoration:underline">Leaflet</a>';

export default function EventsMap({ events, tiles }: { events: MapEvent[]; tiles: MapTiles }) {
  const { t } = useTranslation();
  const ready = useLeafletStylesheet();
  if (!ready) return <p style={{ height: MAP_HEIGHT }}>{t("map.loading")}</p>;
  const points = events.map((e) => L.latLng(e.lat, e.lon));
  const bounds = L.latLngBounds(points);
  const single = events.length === 1 || bounds.getNorthEast().equals(bounds.getSouthWest());
  return (
    <MapContainer
      {...(single ? { center: points[0], zoom: 14 } : { bounds, boundsOptions: { padding: [32, 32] } })}
      scrollWheelZoom={false}
      attributionControl={false}
      style={mapStyle}
    >
      <AttributionControl prefix={attributionPrefix} />
      {tiles.url ? <TileLayer url={tiles.url} attribution={tiles.attribution} /> : null}
      {events.map((e) => {
        const label = e.cancelled ? `${e.title} (${t("map.cancelled")})` : e.title;
        return (
          <Marker key={e.code} position={[e.lat, e.lon]} icon={pinIcon(label, e.cancelled)} title={label}>
            <Popup>
              <a href={`/e/${e.code}`}>{e.title}</a>
              <br />
              {e.when}
              {e.cancelled ? ` — ${t("map.cancelled")}` : null}
            </Popup>
          </Marker>
        );
      })}
    </MapContainer>
  );
}
