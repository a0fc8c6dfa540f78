/* libmosquitto, the Eclipse reference MQTT client, as Swift sees it. No logic lives here. */
#ifndef GEMBA_CMOSQUITTO_SHIM_H
#define GEMBA_CMOSQUITTO_SHIM_H
#include <stdbool.h>
#include <mosquitto.h>
#endif
