import { useEffect, useMemo, useState } from "react";
import L from "leaflet";
import { AttributionControl, MapContainer, Marker, Popup, TileLayer, useMap, useMapEvents } from "react-leaflet";
import { attributionPrefix, useLeafletStylesheet, type MapTiles } from "~/components/events-map.client";
import { useTranslation } from "~/i18n-react";
import { levelForZoom, radius, VIEWS, type LegendEntry, type MapItem, type MapLevel } from "~/map";

/**
 * The national map (/carte), loaded on demand. It draws what /carte/donnees.json says: proportional
 * circles per région from afar, per département closer, then each territory; colours and texts come from
 * the server, the same as the table. Circles are HTML markers (focusable, named), so the map works by
 * keyboard and shows on its plain background when no tile server answers.
 */

type MapData = { legend: LegendEntry[]; regions: MapItem[]; departements: MapItem[]; territories: MapItem[] };
const BY_LEVEL = { region: "regions", departement: "departements", territory: "territories" } as const;

const escape = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

function circleIcon(item: MapItem, r: number) {
  const d = Math.round(r * 2);
  return L.divIcon({
    className: "map-circle",
    iconSize: [d, d],
    iconAnchor: [d / 2, d / 2],
    popupAnchor: [0, -d / 2],
    html: `<span style="display:block;width:${d}px;height:${d}px;border-radius:50%;background:${item.colour};border:2px solid #1b1b1b;box-sizing:border-box;opacity:.9"></span><span class="visually-hidden">${escape(`${item.name} : ${item.display}`)}</span>`,
  });
}

/** Follows the zoom and the visible area (territories are drawn only where the person looks). */
function useView() {
  const map = useMap();
  const [view, setView] = useState(() => ({ zoom: map.getZoom(), bounds: map.getBounds() }));
  useMapEvents({ moveend: () => setView({ zoom: map.getZoom(), bounds: map.getBounds() }) });
  return view;
}

function Items({ data }: { data: MapData }) {
  const { t, i18n } = useTranslation();
  const map = useMap();
  const { zoom, bounds } = useView();
  const level: MapLevel = levelForZoom(zoom);
  const all = data[BY_LEVEL[level]];
  const largest = useMemo(() => Math.max(0, ...all.map((i) => i.size ?? 0)), [all]);
  const padded = bounds.pad(0.25);
  const shown = (level === "territory" ? all.filter((i) => padded.contains([i.lat, i.lon])) : all)
    // Large circles first, so the small ones stay on top and clickable.
    .slice()
    .sort((a, b) => (b.size ?? 0) - (a.size ?? 0));
  const number = new Intl.NumberFormat(i18n.language);
  return (
    <>
      {shown.map((item, index) => (
        <Marker
          key={item.key}
          position={[item.lat, item.lon]}
          icon={circleIcon(item, radius(item.size, largest))}
          title={`${item.name} : ${item.display}`}
          zIndexOffset={index}
        >
          <Popup>
            <div className="map-popup" data-key={item.key}>
              <p>
                <strong>{item.name}</strong>
              </p>
              <p data-value="">{item.display}</p>
              <ul>
                {item.kind ? <li>{t(`territories.kind.${item.kind}`)}</li> : null}
                {item.count !== undefined ? <li>{t("carte.popup.territories", { count: item.count })}</li> : null}
                <li>
                  {item.participants === null
                    ? t("carte.popup.fewer")
                    : t("carte.popup.participants", { count: item.participants, value: number.format(item.participants) })}
                </li>
                <li>{t("carte.popup.upcoming", { count: item.upcoming })}</li>
              </ul>
              {item.href ? (
                <p>
                  <a href={item.href}>{t("carte.popup.open", { name: item.name })}</a>
                </p>
              ) : (
                <>
                  <ul>
                    {(item.links ?? []).map((link) => (
                      <li key={link.href}>
                        <a href={link.href}>{link.name}</a>
                      </li>
                    ))}
                  </ul>
                  <button type="button" className="link-button" onClick={() => {
                      map.closePopup();
                      map.setView([item.lat, item.lon], level === "region" ? 7 : 9);
                    }}>
                    {t("carte.popup.zoom")}
                  </button>
                </>
              )}
            </div>
          </Popup>
        </Marker>
      ))}
    </>
  );
}

export default function NationalMap({ dataUrl, tiles, height }: { dataUrl: string; tiles: MapTiles; height: number }) {
  const { t } = useTranslation();
  const ready = useLeafletStylesheet();
  const [data, setData] = useState<MapData | null>(null);
  const [failed, setFailed] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const [map, setMap] = useState<L.Map | null>(null);
  const [reducedMotion] = useState(() => window.matchMedia("(prefers-reduced-motion: reduce)").matches);
  useEffect(() => {
    const controller = new AbortController();
    setFailed(false);
    fetch(dataUrl, { signal: controller.signal, headers: { Accept: "application/json" } })
      .then((response) => (response.ok ? response.json() : Promise.reject(new Error(String(response.status)))))
      .then((json: MapData) => setData(json))
      .catch((error: unknown) => {
        if (!controller.signal.aborted) setFailed(Boolean(error));
      });
    return () => controller.abort();
  }, [dataUrl, attempt]);
  if (failed)
    return (
      <div role="alert" className="notice notice-error">
        <p>{t("carte.loadFailed")}</p>
        <button type="button" className="button" onClick={() => setAttempt(attempt + 1)}>
          {t("carte.retry")}
        </button>
      </div>
    );
  if (!ready || !data) return <p style={{ height }}>{t("carte.loading")}</p>;
  return (
    <>
      <div className="map-views" role="group" aria-label={t("carte.views")}>
        {VIEWS.map((v) => (
          <button key={v.key} type="button" className="chip" disabled={!map} onClick={() => {
              map?.closePopup();
              map?.setView([v.lat, v.lon], v.zoom);
            }}>
            {t(`carte.view.${v.key}`)}
          </button>
        ))}
      </div>
      <MapContainer
        ref={setMap}
        center={[VIEWS[0].lat, VIEWS[0].lon]}
        zoom={VIEWS[0].zoom}
        minZoom={2}
        maxZoom={13}
        scrollWheelZoom={false}
        // No fading popups (they read as low contrast while they fade), and no zoom motion when asked.
        fadeAnimation={false}
        zoomAnimation={!reducedMotion}
        markerZoomAnimation={!reducedMotion}
        attributionControl={false}
        style={{ height, background: "#e4e9f0" }}
      >
        <AttributionControl prefix={attributionPrefix} />
        {tiles.url ? <TileLayer url={tiles.url} attribution={tiles.attribution} /> : null}
        <Items data={data} />
      </MapContainer>
    </>
  );
}
