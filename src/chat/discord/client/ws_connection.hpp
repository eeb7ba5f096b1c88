// Provides WsConnection: one client WebSocket (ws:// or wss://) on a caller's io_context, with a
// write queue, application close codes and an abrupt abort. Internal to the Discord client's
// .cpp files: it includes Boost.Beast, so no public header may include it.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>

#include "chat/discord/client/url.hpp"

namespace omega::chat::discord::detail {

// What a connection reports, on the io_context's thread.
struct WsEvents {
  std::function<void()> on_open;
  std::function<void(std::string)> on_frame;
  // The server's close code, or nullopt (no close frame, a network error, or our own close).
  std::function<void(std::optional<std::uint16_t>)> on_closed;
  // Why the connection could not be opened (resolve, connect, TLS handshake), before on_closed.
  std::function<void(std::string)> on_error;
};

// A client WebSocket; reports exactly one on_closed.
class WsConnection {
 public:
  virtual ~WsConnection() = default;
  virtual void run() = 0;
  virtual void write(std::string text) = 0;
  virtual void close(std::uint16_t code) = 0;
  virtual void abort() = 0;
};

// Opens a connection to `url` (ws or wss); `ssl_ctx` is used for wss only.
std::shared_ptr<WsConnection> make_ws_connection(boost::asio::io_context& ioc,
                                                 boost::asio::ssl::context& ssl_ctx, Url url,
                                                 WsEvents events);

}  // namespace omega::chat::discord::detail
