/** The colours of site statuses on the map and in charts (badges carry a symbol and a word as well). */
export const STATUS_COLOURS = { red: '#c62828', yellow: '#f9a825', green: '#2e7d32', blue: '#1565c0' };
