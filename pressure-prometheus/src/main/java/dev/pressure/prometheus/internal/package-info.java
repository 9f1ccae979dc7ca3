/**
 * Implementation of {@code dev.pressure.prometheus}; not API, may change in any release.
 */
package dev.pressure.prometheus.internal;
