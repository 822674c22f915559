import { lazy, Suspense, useState } from "react";
import type { MapEvent } from "~/components/events-map.client";
import { useTranslation } from "~/i18n-react";

// Leaflet (about 42 KB gzip) is fetched only when someone opens the map.
const EventsMap = lazy(() => import("~/components/events-map.client"));
const MAP_HEIGHT = 360;

/** A button that opens the map of some events; the page's list or address is its accessible equivalent. */
export function MapToggle({
  events,
  tiles,
  skipTo = "#agenda-list",
  id = "agenda-map",
  note = "map.equivalent",
}: {
  events: MapEvent[];
  tiles: { url: string; attribution: string };
  skipTo?: string;
  id?: string;
  /** Translation key of the sentence saying what the map's accessible equivalent is. */
  note?: string;
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <>
      <p className="meta">{t(note)}</p>
      <button type="button" className="button" aria-expanded={open} aria-controls={id} onClick={() => setOpen(!open)}>
        {open ? t("map.hide") : t("map.show")}
      </button>
      <div id={id}>
        {open ? (
          <>
            <p>
              <a href={skipTo}>{t("map.skip")}</a>
            </p>
            <div role="region" aria-label={t("map.label")} style={{ minHeight: MAP_HEIGHT }}>
              <Suspense fallback={<p style={{ height: MAP_HEIGHT }}>{t("map.loading")}</p>}>
                {/* A new search gives a new map, fitted to its events. */}
                <EventsMap key={events.map((e) => e.code).join()} events={events} tiles={tiles} />
              </Suspense>
            </div>
          </>
        ) : null}
      </div>
    </>
  );
}
