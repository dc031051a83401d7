#include "tiltfile/probe.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "tiltfile/api.h"
#include "tiltfile/starlark/struct.h"

namespace pitch::tiltfile {
namespace {

using starlark::CallArgs;
using starlark::Interpreter;
using starlark::Struct;
using starlark::Value;

// A starlarkstruct with Tilt's type name and the typed value behind it.
template <typename Spec>
class TypedStruct : public Struct {
 public:
  TypedStruct(Interpreter& in, std::string_view type, Fields fields, Spec spec)
      : Struct(in.str(std::string(type)), std::move(fields)), type_(type), spec_(std::move(spec)) {}
  std::string_view type_name() const override { return type_; }
  const Spec& spec() const { return spec_; }

 private:
  std::string_view type_;
  Spec spec_;
};

using ExecAction = TypedStruct<std::vector<std::string>>;
struct HttpGet {
  std::string host, scheme, path;
  int port = 0;
};
using HttpGetAction = TypedStruct<HttpGet>;
struct TcpSocket {
  std::string host;
  int port = 0;
};
using TcpSocketAction = TypedStruct<TcpSocket>;
using Probe = TypedStruct<ProbeDecl>;

template <typename T>
const T* as_typed(Value v, std::string_view type) {
  if (!starlark::is_host(v) || starlark::as_host(v)->type_name() != type) return nullptr;
  return dynamic_cast<const T*>(starlark::as_host(v));
}

// An action parameter of probe(): the typed value, or None.
template <typename T>
ArgConverter to_action(std::string_view type, const T** out) {
  return [type, out](Interpreter&, Value v, std::string* err) {
    if (v.is_none()) return true;
    const T* t = as_typed<T>(v, type);
    if (t == nullptr) {
      *err = fmt::format("got {}, want {}", go_type(v), type);
      return false;
    }
    *out = t;
    return true;
  };
}

Value string_list(Interpreter& in, const std::vector<std::string>& items) {
  std::vector<Value> elems;
  for (const std::string& s : items) elems.push_back(in.str(s));
  return in.heap().list(std::move(elems));
}

Value exec_action(Interpreter& in, const CallArgs& args) {
  std::vector<std::string> command;
  if (!unpack(in, "exec_action", args, {{"command", to_string_sequence(&command)}})) return Value();
  Struct::Fields fields = {{"command", string_list(in, command)}};
  return Value(in.heap().make<ExecAction>(in, "ExecAction", std::move(fields), command));
}

Value http_get_action(Interpreter& in, const CallArgs& args) {
  HttpGet spec;
  int64_t port = 0;
  if (!unpack(in, "http_get_action", args,
              {{"port", to_int(&port)},
               {"host?", to_string(&spec.host)},
               {"scheme?", to_string(&spec.scheme)},
               {"path?", to_string(&spec.path)}})) {
    return Value();
  }
  spec.port = static_cast<int>(port);
  Struct::Fields fields = {{"host", in.str(spec.host)},
                           {"port", Value::integer(port)},
                           {"scheme", in.str(spec.scheme)},
                           {"path", in.str(spec.path)}};
  return Value(in.heap().make<HttpGetAction>(in, "HTTPGetAction", std::move(fields), spec));
}

Value tcp_socket_action(Interpreter& in, const CallArgs& args) {
  TcpSocket spec;
  int64_t port = 0;
  if (!unpack(in, "tcp_socket_action", args,
              {{"port", to_int(&port)}, {"host?", to_string(&spec.host)}})) {
    return Value();
  }
  spec.port = static_cast<int>(port);
  Struct::Fields fields = {{"host", in.str(spec.host)}, {"port", Value::integer(port)}};
  return Value(in.heap().make<TcpSocketAction>(in, "TCPSocketAction", std::move(fields), spec));
}

Value probe(Interpreter& in, const CallArgs& args) {
  ProbeDecl p;
  const ExecAction* exec = nullptr;
  const HttpGetAction* http_get = nullptr;
  const TcpSocketAction* tcp_socket = nullptr;
  if (!unpack(in, "probe", args,
              {{"initial_delay_secs?", to_int32(&p.initial_delay_secs)},
               {"timeout_secs?", to_int32(&p.timeout_secs)},
               {"period_secs?", to_int32(&p.period_secs)},
               {"success_threshold?", to_int32(&p.success_threshold)},
               {"failure_threshold?", to_int32(&p.failure_threshold)},
               {"exec?", to_action<ExecAction>("ExecAction", &exec)},
               {"http_get?", to_action<HttpGetAction>("HTTPGetAction", &http_get)},
               {"tcp_socket?", to_action<TcpSocketAction>("TCPSocketAction", &tcp_socket)}})) {
    return Value();
  }
  if ((exec != nullptr) + (http_get != nullptr) + (tcp_socket != nullptr) != 1)
    return in.fail("exactly one of exec, http_get, or tcp_socket must be specified");
  if (exec != nullptr) {
    p.kind = ProbeDecl::Kind::kExec;
    p.exec_command = exec->spec();
  } else if (http_get != nullptr) {
    p.kind = ProbeDecl::Kind::kHttpGet;
    p.host = http_get->spec().host;
    p.port = http_get->spec().port;
    p.scheme = http_get->spec().scheme;
    p.path = http_get->spec().path;
  } else {
    p.kind = ProbeDecl::Kind::kTcpSocket;
    p.host = tcp_socket->spec().host;
    p.port = tcp_socket->spec().port;
  }
  auto or_none = [](const Struct* s) { return s ? Value(const_cast<Struct*>(s)) : Value::none(); };
  Struct::Fields fields = {{"initial_delay_secs", Value::integer(p.initial_delay_secs)},
                           {"timeout_secs", Value::integer(p.timeout_secs)},
                           {"period_secs", Value::integer(p.period_secs)},
                           {"success_threshold", Value::integer(p.success_threshold)},
                           {"failure_threshold", Value::integer(p.failure_threshold)},
                           {"exec", or_none(exec)},
                           {"http_get", or_none(http_get)},
                           {"tcp_socket", or_none(tcp_socket)}};
  return Value(in.heap().make<Probe>(in, "Probe", std::move(fields), p));
}

}  // namespace

ArgConverter to_probe(std::optional<ProbeDecl>* out) {
  return [out](Interpreter&, Value v, std::string* err) {
    if (v.is_none()) return true;
    const Probe* p = as_typed<Probe>(v, "Probe");
    if (p == nullptr) {
      *err = fmt::format("got {}, want Probe", go_type(v));
      return false;
    }
    *out = p->spec();
    return true;
  };
}

void add_probe_api(Interpreter& in, Predeclared& names) {
  names["probe"] = make_builtin(in, "probe", probe);
  names["exec_action"] = make_builtin(in, "exec_action", exec_action);
  names["http_get_action"] = make_builtin(in, "http_get_action", http_get_action);
  names["tcp_socket_action"] = make_builtin(in, "tcp_socket_action", tcp_socket_action);
}

}  // namespace pitch::tiltfile
