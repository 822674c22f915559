/** Where a Café IA can be: metropolitan France and the overseas territories (generous boxes). */
const FRANCE_BOXES: [south: number, west: number, north: number, east: number][] = [
  [41.3, -5.3, 51.2, 9.7], // metropolitan France and Corsica
  [15.8, -61.9, 16.6, -60.9], // Guadeloupe
  [14.3, -61.3, 14.95, -60.75], // Martinique
  [2.1, -54.7, 5.85, -51.5], // Guyane
  [-21.45, 55.2, -20.85, 55.9], // La Réunion
  [-13.1, 44.9, -12.6, 45.35], // Mayotte
  [46.7, -56.5, 47.2, -56.1], // Saint-Pierre-et-Miquelon
  [17.85, -63.2, 18.15, -62.75], // Saint-Barthélemy, Saint-Martin
  [-28, -155, -7, -134], // Polynésie française
  [-23, 163, -19.5, 169], // Nouvelle-Calédonie
  [-14.5, -178.5, -13, -176], // Wallis-et-Futuna
];

export function isInFrance(latitude: number, longitude: number): boolean {
  return FRANCE_BOXES.some(([s, w, n, e]) => latitude >= s && latitude <= n && longitude >= w && longitude <= e);
}

/** Great-circle distance in kilometres. */
export function distanceKm(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.sqrt(h));
}
