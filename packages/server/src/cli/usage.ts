/** The `ftp-server --help` text. */
export const USAGE = `Usage: ftp-server [options]

Serves a directory (or an in-memory tree) over FTP/FTPS until SIGINT or SIGTERM.

Options:
  --host H                 address to listen on (default: every interface)
  --port P                 port to listen on, 0 = any free port (default: 2121)
  --family ipv4|ipv6|auto  address family when --host is not given or is a name (default: auto)
  -d, --root DIR           directory to serve (default: the current directory)
  --memory                 serve an empty in-memory tree instead of a directory
  --user LOGIN             accept only this login (default: anonymous access for any login)
  --pass PASSWORD          password of --user
  --pasv-ports MIN-MAX     port range of passive data connections
  --pasv-address IP        IPv4 address announced in PASV replies (behind NAT)
  --tls-cert FILE          PEM certificate: enables AUTH TLS (explicit FTPS)
  --tls-key FILE           PEM private key of --tls-cert
  --implicit-tls           TLS from the first byte (implicit FTPS) instead of AUTH TLS
  --max-connections N      simultaneous control connections; more are refused with 421
  -q, --quiet              print only the listening address and errors, no session log
  -h, --help               print this help and exit
  -v, --version            print the version and exit

Exit status: 0 after a clean shutdown, 1 when the server cannot start, 2 on bad options.
`;
