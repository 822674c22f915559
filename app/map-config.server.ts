/** Map tiles for every Leaflet map; read from configuration later (app/env.server.ts). */
export function mapTiles() {
  return {
    url: "https://{s}.tile.openstreetmap.fr/osmfr/{z}/{x}/{y}.png",
    attribution: "© OpenStreetMap France | © les contributeurs OpenStreetMap",
  };
}

export type MapTiles = ReturnType<typeof mapTiles>;
