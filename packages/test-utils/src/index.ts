/**
 * Private test helpers shared by the @ftp packages' test suites.
 * @packageDocumentation
 */
export { generateCertificate, type TestCertificate } from "./certificate.js";
export { activeResources, openSocketCount, waitForSockets } from "./leaks.js";
export { hasCommand, hasIPv6Loopback, hasPythonModule, LOOPBACK_HOSTS } from "./tools.js";
