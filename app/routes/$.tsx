/** Any unknown address: a translated 404 page (the root error boundary), not a router error. */
export function loader() {
  throw new Response("Not found", { status: 404 });
}

export default function NotFound() {
  return null;
}
