// The parts of libsystemd that inspectd uses, exposed to Swift.
//
// `sd_journal_send` and `sd_notifyf` are C variadic functions, which Swift cannot call;
// Swift code uses `sd_journal_sendv` (with `struct iovec`) and `sd_notify` instead.
#ifndef INSPECTD_CSYSTEMD_SHIM_H
#define INSPECTD_CSYSTEMD_SHIM_H

#include <sys/uio.h>
#include <systemd/sd-daemon.h>
#include <systemd/sd-journal.h>

#endif
