import { createContext, useContext } from "react";

/**
 * The request's CSP nonce, which every inline script must carry. The server renders it; in the
 * browser it is undefined (browsers hide nonces from the page, and scripts added after load need none).
 */
const NonceContext = createContext<string | undefined>(undefined);

export const NonceProvider = NonceContext.Provider;
export const useNonce = () => useContext(NonceContext);
