package dev.pressure.bench.jmh;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Collection;
import java.util.Collections;
import java.util.Locale;

/**
 * A response with no container behind it: it keeps the status and whether it was committed,
 * and discards headers and body. Allocates nothing.
 *
 * <p>Not thread-safe: one instance per benchmark thread.
 */
final class StubResponse implements HttpServletResponse {

  private int status = 200;
  private boolean committed;

  @Override
  public void addCookie(Cookie a0) {
  }

  @Override
  public boolean containsHeader(String a0) {
    return false;
  }

  @Override
  public String encodeURL(String a0) {
    return a0;
  }

  @Override
  public String encodeRedirectURL(String a0) {
    return a0;
  }

  @Override
  public void sendError(int a0, String a1) throws IOException {
    status = a0;
    committed = true;
  }

  @Override
  public void sendError(int a0) throws IOException {
    status = a0;
    committed = true;
  }

  @Override
  public void sendRedirect(String a0) throws IOException {
  }

  @Override
  public void setDateHeader(String a0, long a1) {
  }

  @Override
  public void addDateHeader(String a0, long a1) {
  }

  @Override
  public void setHeader(String a0, String a1) {
  }

  @Override
  public void addHeader(String a0, String a1) {
  }

  @Override
  public void setIntHeader(String a0, int a1) {
  }

  @Override
  public void addIntHeader(String a0, int a1) {
  }

  @Override
  public void setStatus(int a0) {
    status = a0;
  }

  @Override
  public int getStatus() {
    return status;
  }

  @Override
  public String getHeader(String a0) {
    return null;
  }

  @Override
  public Collection<String> getHeaders(String a0) {
    return Collections.emptyList();
  }

  @Override
  public Collection<String> getHeaderNames() {
    return Collections.emptyList();
  }

  @Override
  public String getCharacterEncoding() {
    return "UTF-8";
  }

  @Override
  public String getContentType() {
    return null;
  }

  @Override
  public ServletOutputStream getOutputStream() throws IOException {
    return NullOutputStream.INSTANCE;
  }

  @Override
  public PrintWriter getWriter() throws IOException {
    return NullOutputStream.WRITER;
  }

  @Override
  public void setCharacterEncoding(String a0) {
  }

  @Override
  public void setContentLength(int a0) {
  }

  @Override
  public void setContentLengthLong(long a0) {
  }

  @Override
  public void setContentType(String a0) {
  }

  @Override
  public void setBufferSize(int a0) {
  }

  @Override
  public int getBufferSize() {
    return 0;
  }

  @Override
  public void flushBuffer() throws IOException {
    committed = true;
  }

  @Override
  public void resetBuffer() {
  }

  @Override
  public boolean isCommitted() {
    return committed;
  }

  @Override
  public void reset() {
    status = 200;
    committed = false;
  }

  @Override
  public void setLocale(Locale a0) {
  }

  @Override
  public Locale getLocale() {
    return Locale.ROOT;
  }
}
