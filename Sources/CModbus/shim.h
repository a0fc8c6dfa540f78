/* libmodbus as Swift sees it. No logic lives here. */
#ifndef GEMBA_CMODBUS_SHIM_H
#define GEMBA_CMODBUS_SHIM_H
#include <errno.h>
#include <modbus/modbus.h>
static inline int gemba_modbus_errno(void) { return errno; }
#endif
