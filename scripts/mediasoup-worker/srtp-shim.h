/* mediasoup includes <srtp.h> and calls the libsrtp 3.0 API; we link libsrtp
 * 2.5 (Debian 12's source, built against OpenSSL by build-libsrtp.sh). This
 * forwards to libsrtp 2 and adds C++ overloads that map the libsrtp 3 calls
 * onto libsrtp 2's in-place ones. Used only by scripts/install-mediasoup-worker.sh. */
#ifndef MS_SRTP_SHIM_H
#define MS_SRTP_SHIM_H
#include <srtp2/srtp.h>
#ifdef __cplusplus
#include <cstddef>
#include <cstdint>
#include <cstring>
#define srtp_err_status_buffer_small ((srtp_err_status_t)100)
#define srtp_err_status_cryptex_err ((srtp_err_status_t)101)
inline srtp_err_status_t srtp_stream_remove(srtp_t s, uint32_t ssrc) { return srtp_remove_stream(s, ssrc); }
/* libsrtp "3.0-alpha" (mediasoup 3.13-3.15): in place, size_t* len. */
#define MS_SRTP_INPLACE(fn) \
  inline srtp_err_status_t fn(srtp_t ctx, uint8_t* pkt, size_t* len) \
  { int l = (int)*len; srtp_err_status_t e = fn(ctx, (void*)pkt, &l); *len = (size_t)l; return e; }
MS_SRTP_INPLACE(srtp_protect) MS_SRTP_INPLACE(srtp_unprotect)
MS_SRTP_INPLACE(srtp_protect_rtcp) MS_SRTP_INPLACE(srtp_unprotect_rtcp)
/* libsrtp 3.0 (mediasoup 3.16-3.19): src -> dst, *dst_len = capacity in, length out. */
inline srtp_err_status_t ms_srtp3(srtp_err_status_t (*fn)(srtp_t, void*, int*), srtp_t ctx,
  const uint8_t* src, size_t src_len, uint8_t* dst, size_t* dst_len, size_t extra)
{
  if (*dst_len < src_len + extra) return srtp_err_status_buffer_small;
  if (dst != src) std::memmove(dst, src, src_len);
  int l = (int)src_len;
  srtp_err_status_t e = fn(ctx, (void*)dst, &l);
  if (e == srtp_err_status_ok) *dst_len = (size_t)l;
  return e;
}
inline srtp_err_status_t srtp_protect(srtp_t c, const uint8_t* s, size_t sl, uint8_t* d, size_t* dl, size_t)
{ return ms_srtp3(srtp_protect, c, s, sl, d, dl, SRTP_MAX_TRAILER_LEN); }
inline srtp_err_status_t srtp_unprotect(srtp_t c, const uint8_t* s, size_t sl, uint8_t* d, size_t* dl)
{ return ms_srtp3(srtp_unprotect, c, s, sl, d, dl, 0); }
inline srtp_err_status_t srtp_protect_rtcp(srtp_t c, const uint8_t* s, size_t sl, uint8_t* d, size_t* dl, size_t)
{ return ms_srtp3(srtp_protect_rtcp, c, s, sl, d, dl, SRTP_MAX_TRAILER_LEN + 4); }
inline srtp_err_status_t srtp_unprotect_rtcp(srtp_t c, const uint8_t* s, size_t sl, uint8_t* d, size_t* dl)
{ return ms_srtp3(srtp_unprotect_rtcp, c, s, sl, d, dl, 0); }
#endif
#endif
