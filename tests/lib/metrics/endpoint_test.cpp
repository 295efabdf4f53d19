#include "metrics/endpoint.hpp"

#include <gtest/gtest.h>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>
#include <future>
#include <thread>

#include "metrics/text_format.hpp"
#include "support/http_get.hpp"

namespace iotboot::metrics {
namespace {

namespace asio = boost::asio;

// An endpoint on its own io thread, on a registry and health of its own.
struct EndpointLab {
  Registry registry;
  Health health;
  asio::io_context io;
  asio::executor_work_guard<asio::io_context::executor_type> work = asio::make_work_guard(io);
  std::unique_ptr<Endpoint> endpoint = std::make_unique<Endpoint>(io, EndpointConfig{"127.0.0.1", 0}, registry, health);
  std::uint16_t port_ = endpoint->port();  // read before the io thread runs
  std::thread thread;
  EndpointLab() {
    endpoint->start();
    thread = std::thread([this] { io.run(); });
  }
  ~EndpointLab() {
    std::promise<void> done;
    asio::post(io, [&] {
      endpoint.reset();
      done.set_value();
    });
    done.get_future().wait();
    work.reset();
    io.stop();
    thread.join();
  }
  std::uint16_t port() const { return port_; }
};

TEST(MetricsEndpoint, ServesTheRegistryInTheTextFormat) {
  EndpointLab lab;
  lab.registry.counter("t_requests_total", "Requests", {"code"}).with({"200"}).inc(7);
  const test::HttpAnswer a = test::http_get(lab.port(), "/metrics");
  EXPECT_EQ(a.status, 200);
  EXPECT_EQ(a.content_type, kTextContentType);
  EXPECT_NE(a.body.find("t_requests_total{code=\"200\"} 7\n"), std::string::npos) << a.body;
  const test::HttpAnswer head = test::http_request("HEAD", lab.port(), "/metrics");
  EXPECT_EQ(head.status, 200);
  EXPECT_EQ(head.body, "");
}

TEST(MetricsEndpoint, ReadyzSaysWhyNotAndHealthzStaysAlive) {
  EndpointLab lab;
  EXPECT_EQ(test::http_get(lab.port(), "/readyz").status, 200);
  std::atomic<bool> store_up{false};
  Registration check = lab.health.add_readiness(
      [&]() -> std::string { return store_up ? std::string() : "HSS subscriber store unavailable"; });
  const test::HttpAnswer not_ready = test::http_get(lab.port(), "/readyz");
  EXPECT_EQ(not_ready.status, 503);
  EXPECT_EQ(not_ready.body, "not ready: HSS subscriber store unavailable\n");
  EXPECT_EQ(test::http_get(lab.port(), "/healthz").status, 200);  // alive, though not ready
  store_up = true;
  EXPECT_EQ(test::http_get(lab.port(), "/readyz").status, 200);
  store_up = false;
  check.reset();  // a check goes with its NF
  EXPECT_EQ(test::http_get(lab.port(), "/readyz").status, 200);
}

TEST(MetricsEndpoint, UnknownPathIs404AndOtherMethods405) {
  EndpointLab lab;
  EXPECT_EQ(test::http_get(lab.port(), "/metricsx").status, 404);
  EXPECT_EQ(test::http_get(lab.port(), "/").status, 404);
  const test::HttpAnswer post = test::http_request("POST", lab.port(), "/metrics");
  EXPECT_EQ(post.status, 405);
  EXPECT_EQ(post.allow, "GET, HEAD");
  EXPECT_EQ(test::http_request("DELETE", lab.port(), "/readyz").status, 405);
  EXPECT_EQ(test::http_get(lab.port(), "/metrics?name=x").status, 200);  // a query changes nothing
}

}  // namespace
}  // namespace iotboot::metrics
