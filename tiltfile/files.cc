// read_file, read_json, watch_file, listdir, blob and local() (Tilt
// v0.32.4, internal/tiltfile/io, encoding and files.go). Every path read
// is recorded in Manifest::read_files; every local() command in
// Manifest::inputs.
#include <fcntl.h>
#include <fmt/format.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "tiltfile/api.h"
#include "tiltfile/blob.h"
#include "tiltfile/encoding.h"
#include "tiltfile/starlark/ops.h"
#include "tiltfile/unpack.h"

extern char** environ;

namespace pitch::tiltfile {
namespace {

using starlark::CallArgs;
using starlark::Interpreter;
using starlark::Value;
namespace fs = std::filesystem;

// The file's bytes; false with Go's os.ReadFile message, *missing set when
// it does not exist.
bool read_bytes(const std::string& path, std::string* out, std::string* error, bool* missing) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    *error = fmt::format("read {}: is a directory", path);
    return false;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    *missing = errno == ENOENT;
    *error = fmt::format("open {}: {}", path,
                         *missing ? "no such file or directory" : std::strerror(errno));
    return false;
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  *out = ss.str();
  return true;
}

Value read_file(Interpreter& in, const CallArgs& args, TiltfileState& state) {
  std::string path, def;
  bool has_default = false;
  if (!unpack(in, "read_file", args,
              {{"paths", to_local_path(state.exec_dir(), &path)},
               {"default?", [&](Interpreter&, Value v, std::string* err) {
                  if (v.is_none()) return true;
                  if (!v.is_string()) {
                    *err = fmt::format("expected starlark.String or None, got {}", go_type(v));
                    return false;
                  }
                  def = v.as<starlark::String>()->str();
                  has_default = true;
                  return true;
                }}})) {
    return Value();
  }
  state.record_file(path);
  std::string text, error;
  bool missing = false;
  if (!read_bytes(path, &text, &error, &missing)) {
    if (!(missing && has_default)) return in.fail(error);
    text = def;
  }
  return Value(in.heap().make<Blob>(text, "file: " + path));
}

Value read_json(Interpreter& in, const CallArgs& args, TiltfileState& state) {
  std::string path;
  Value def;
  if (!unpack(in, "read_json", args,
              {{"paths", to_local_path(state.exec_dir(), &path)}, {"default?", store(&def)}}))
    return Value();
  state.record_file(path);
  std::string text, error;
  bool missing = false;
  if (!read_bytes(path, &text, &error, &missing)) {
    if (missing && def.ok()) return def;
    return in.fail(error);
  }
  Value out;
  if (!json_to_starlark(in, text, &out, &error))
    return in.failf("error parsing JSON from {}: {}", path, error);
  return out;
}

Value watch_file(Interpreter& in, const CallArgs& args, TiltfileState& state) {
  std::string path;
  if (!unpack(in, "watch_file", args, {{"paths", to_local_path(state.exec_dir(), &path)}}))
    return Value();
  state.record_file(path);
  return Value::none();
}

Value listdir(Interpreter& in, const CallArgs& args, TiltfileState& state) {
  std::string dir;
  bool recursive = false;
  if (!unpack(
          in, "listdir", args,
          {{"dir", to_local_path(state.exec_dir(), &dir)}, {"recursive?", to_bool(&recursive)}}))
    return Value();
  state.record_file(dir);
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return in.failf("lstat {}: no such file or directory", dir);
  std::vector<std::string> files;
  if (recursive) {
    for (auto it = fs::recursive_directory_iterator(dir, ec);
         it != fs::recursive_directory_iterator(); it.increment(ec)) {
      if (!it->is_directory(ec)) files.push_back(it->path().string());
    }
  } else {
    for (const auto& e : fs::directory_iterator(dir, ec)) {
      if (!e.is_directory(ec)) files.push_back(e.path().string());
    }
  }
  // filepath.WalkDir visits in lexical order.
  std::sort(files.begin(), files.end());
  std::vector<Value> out;
  for (const std::string& f : files) out.push_back(in.str(f));
  return in.heap().list(std::move(out));
}

Value blob(Interpreter& in, const CallArgs& args) {
  std::string input;
  if (!unpack(in, "blob", args, {{"input", to_string(&input)}})) return Value();
  return Value(in.heap().make<Blob>(input, "Tiltfile blob() call"));
}

struct LocalRun {
  std::string out, err;
  int status = 0;
};

// Runs argv in dir with env merged over ours, feeding stdin; collects
// stdout and stderr. False with *error when it could not start.
bool run_local(const std::vector<std::string>& argv, const std::string& dir,
               const std::vector<std::pair<std::string, std::string>>& env,
               const std::string& stdin_text, LocalRun* run, std::string* error) {
  int out_pipe[2], err_pipe[2], in_pipe[2];
  if (::pipe2(out_pipe, O_CLOEXEC) != 0 || ::pipe2(err_pipe, O_CLOEXEC) != 0 ||
      ::pipe2(in_pipe, O_CLOEXEC) != 0) {
    *error = std::strerror(errno);
    return false;
  }
  pid_t pid = ::fork();
  if (pid < 0) {
    *error = std::strerror(errno);
    return false;
  }
  if (pid == 0) {
    ::dup2(in_pipe[0], 0);
    ::dup2(out_pipe[1], 1);
    ::dup2(err_pipe[1], 2);
    if (::chdir(dir.c_str()) != 0) {
      dprintf(2, "chdir %s: %s\n", dir.c_str(), std::strerror(errno));
      ::_exit(127);
    }
    for (const auto& [k, v] : env) ::setenv(k.c_str(), v.c_str(), 1);
    std::vector<char*> cargv;
    for (const std::string& a : argv) cargv.push_back(const_cast<char*>(a.c_str()));
    cargv.push_back(nullptr);
    ::execvp(cargv[0], cargv.data());
    dprintf(2, "exec: \"%s\": %s\n", cargv[0], std::strerror(errno));
    ::_exit(127);
  }
  ::close(out_pipe[1]);
  ::close(err_pipe[1]);
  ::close(in_pipe[0]);
  if (!stdin_text.empty()) {
    ssize_t ignored = ::write(in_pipe[1], stdin_text.data(), stdin_text.size());
    (void)ignored;
  }
  ::close(in_pipe[1]);
  pollfd fds[2] = {{out_pipe[0], POLLIN, 0}, {err_pipe[0], POLLIN, 0}};
  std::string* sinks[2] = {&run->out, &run->err};
  int open_fds = 2;
  char buf[65536];
  while (open_fds > 0) {
    if (::poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || fds[i].revents == 0) continue;
      ssize_t n = ::read(fds[i].fd, buf, sizeof(buf));
      if (n > 0) {
        sinks[i]->append(buf, static_cast<size_t>(n));
      } else if (n == 0 || errno != EINTR) {
        ::close(fds[i].fd);
        fds[i].fd = -1;
        --open_fds;
      }
    }
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  run->status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return true;
}

Value local(Interpreter& in, const CallArgs& args, TiltfileState& state) {
  Value command, command_bat, dir_value;
  bool quiet = false, echo_off = false;
  std::vector<std::pair<std::string, std::string>> env;
  std::string stdin_text;
  if (!unpack(in, "local", args,
              {{"command", store(&command)},
               {"quiet?", to_bool(&quiet)},
               {"command_bat", store(&command_bat)},
               {"echo_off", to_bool(&echo_off)},
               {"env", to_string_map(&env)},
               {"dir?", store(&dir_value)},
               {"stdin?", to_stringable(&stdin_text)}})) {
    return Value();
  }
  std::string dir = state.exec_dir();
  if (dir_value.ok() && !dir_value.is_none()) {
    if (!dir_value.is_string()) {
      return in.failf(
          "a command directory must be empty or a string: expected path | string. Actual type: {}",
          go_type(dir_value));
    }
    dir = abs_path(state.exec_dir(), std::string(dir_value.as<starlark::String>()->str()));
  }
  for (const auto& [k, v] : env) {
    if (k.empty()) return in.failf("environment has empty key for value {}", starlark::quote(v));
  }
  Command cmd;
  if (command.is_string()) {
    cmd = Command::from_shell(std::string(command.as<starlark::String>()->str()));
  } else if (is_sequence(command)) {
    std::vector<std::string> argv;
    std::string error;
    if (!sequence_to_strings(in, command, &argv, &error))
      return in.failf("a command must be a string or a list of strings: {}", error);
    cmd = Command::from_argv(std::move(argv));
  } else {
    return in.failf("a command must be a string or list of strings. found {}", go_type(command));
  }
  const std::string shown = cmd.display();
  state.manifest.inputs.local_commands.push_back(shown);
  if (cmd.empty())
    return in.failf("command {} failed.\nerror: empty command", starlark::quote(shown));
  if (!echo_off && state.log) state.log("local: " + shown);
  LocalRun run;
  std::string error;
  if (!run_local(cmd.argv, dir, env, stdin_text, &run, &error))
    return in.failf("command {} failed.\nerror: {}", starlark::quote(shown), error);
  if (!quiet && state.log) {
    std::istringstream lines(run.out + run.err);
    for (std::string line; std::getline(lines, line);) state.log(" → " + line);
    if (!echo_off && run.out.empty() && run.err.empty()) state.log(" → [no output]");
  }
  if (run.status != 0) {
    std::string msg = fmt::format("command {} failed.\nerror: exit status {}",
                                  starlark::quote(shown), run.status);
    if (quiet) {
      msg += fmt::format("\nstdout: {}\nstderr: {}", starlark::quote(run.out),
                         starlark::quote(run.err));
    }
    return in.fail(msg);
  }
  return Value(in.heap().make<Blob>(run.out, "local: " + shown));
}

}  // namespace

void add_files_api(Interpreter& in, TiltfileState& state, Predeclared& names) {
  TiltfileState* s = &state;
  auto bind = [&](const char* name, Value (*fn)(Interpreter&, const CallArgs&, TiltfileState&)) {
    names[name] =
        make_builtin(in, name, [s, fn](Interpreter& i, const CallArgs& a) { return fn(i, a, *s); });
  };
  bind("read_file", read_file);
  bind("read_json", read_json);
  bind("watch_file", watch_file);
  bind("listdir", listdir);
  bind("local", local);
  names["blob"] = make_builtin(in, "blob", blob);
}

}  // namespace pitch::tiltfile
