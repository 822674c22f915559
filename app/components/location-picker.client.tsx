import { useEffect, useMemo } from "react";
import type { Marker as LeafletMarker } from "leaflet";
import { AttributionControl, MapContainer, Marker, TileLayer, useMap, useMapEvents } from "react-leaflet";
import { useTranslation } from "~/i18n-react";
import { attributionPrefix, MAP_HEIGHT, mapStyle, pinIcon, useLeafletStylesheet, type MapTiles } from "./events-map.client";

/**
 * Places an event's venue: click the map or drag the pin. For staff pages; the caller keeps numeric
 * latitude/longitude inputs as the keyboard-accessible way to set the same value. `tiles` is optional:
 * pass `mapTiles()` from the page's loader (app/map-config.server.ts); the default is the same.
 */
export type LocationPickerProps = { latitude: number; longitude: number; onChange(lat: number, lon: number): void; label: string };

const DEFAULT_TILES: MapTiles = {
  url: "https://{s}.tile.openstreetmap.fr/osmfr/{z}/{x}/{y}.png",
  attribution: "© OpenStreetMap France | © les contributeurs OpenStreetMap",
};

const round = (value: number) => Math.round(value * 1e5) / 1e5;

function Follow({ latitude, longitude, onChange }: Omit<LocationPickerProps, "label">) {
  const map = useMap();
  useEffect(() => {
    if (!map.getBounds().contains([latitude, longitude])) map.panTo([latitude, longitude]);
  }, [map, latitude, longitude]);
  useMapEvents({ click: (event) => onChange(round(event.latlng.lat), round(event.latlng.lng)) });
  return null;
}

export function LocationPicker({ latitude, longitude, onChange, label, tiles = DEFAULT_TILES }: LocationPickerProps & { tiles?: MapTiles }) {
  const { t } = useTranslation();
  const ready = useLeafletStylesheet();
  const icon = useMemo(() => pinIcon(label), [label]);
  if (!ready) return <p style={{ height: MAP_HEIGHT }}>{t("map.loading")}</p>;
  return (
    <div role="group" aria-label={label}>
      <MapContainer center={[latitude, longitude]} zoom={15} scrollWheelZoom={false} attributionControl={false} style={mapStyle}>
        <AttributionControl prefix={attributionPrefix} />
        {tiles.url ? <TileLayer url={tiles.url} attribution={tiles.attribution} /> : null}
        <Follow latitude={latitude} longitude={longitude} onChange={onChange} />
        <Marker
          position={[latitude, longitude]}
          icon={icon}
          title={label}
          draggable
          eventHandlers={{
            dragend: (event) => {
              const position = (event.target as LeafletMarker).getLatLng();
              onChange(round(position.lat), round(position.lng));
            },
          }}
        />
      </MapContainer>
    </div>
  );
}

export default LocationPicker;
