// libpq, PostgreSQL's own client library (issue 16): the PostgreSQL store's connections,
// LISTEN/NOTIFY and advisory locks. Chosen over postgres-nio: the store is synchronous (as GRDB
// is), libpq is what every PostgreSQL-protocol database ships a compatible build of (openGauss,
// KingbaseES, HighGo), and it costs no SwiftNIO build.
#include <libpq-fe.h>
