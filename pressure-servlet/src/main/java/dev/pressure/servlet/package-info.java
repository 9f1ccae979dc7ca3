/**
 * Load shedding and probes for jakarta.servlet 6.0 containers: {@link
 * dev.pressure.servlet.UnderPressureFilter} answers {@code 503 + Retry-After} while the monitor's
 * tier is under pressure; {@link dev.pressure.servlet.StatusServlet}, {@link
 * dev.pressure.servlet.ReadinessServlet} and {@link dev.pressure.servlet.LivenessServlet}
 * answer probes from the same monitor, shared through {@link
 * dev.pressure.servlet.PressureServletContext}.
 */
package dev.pressure.servlet;
