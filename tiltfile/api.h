// tiltfile/api.h — Tilt's Tiltfile API, one group of builtins per file.
//
// Each add_*_api function puts its names into the predeclared table of an
// evaluation. The builtins record what they declare into the shared
// TiltfileState (its Manifest); values that only live during evaluation
// (probes, links, blobs, trigger modes) are host objects on the
// interpreter's heap.
#pragma once

#include "tiltfile/starlark/interpreter.h"
#include "tiltfile/state.h"

namespace pitch::tiltfile {

using starlark::Predeclared;

// local_resource (local_resource.cc).
void add_local_resource_api(starlark::Interpreter& in, TiltfileState& state, Predeclared& names);
// probe, exec_action, http_get_action, tcp_socket_action (probe.cc).
void add_probe_api(starlark::Interpreter& in, Predeclared& names);
// link (link.cc).
void add_link_api(starlark::Interpreter& in, Predeclared& names);
// trigger_mode, TRIGGER_MODE_*, update_settings, ci_settings,
// watch_settings, version_settings (settings.cc).
void add_settings_api(starlark::Interpreter& in, TiltfileState& state, Predeclared& names);
// config.* (config.cc).
void add_config_api(starlark::Interpreter& in, TiltfileState& state, Predeclared& names);
// os, sys, shlex, struct (os_api.cc).
void add_os_api(starlark::Interpreter& in, TiltfileState& state, Predeclared& names);
// local, read_file, read_json, read_yaml, ..., blob, listdir, watch_file
// (files.cc, encoding.cc).
void add_files_api(starlark::Interpreter& in, TiltfileState& state, Predeclared& names);
void add_encoding_api(starlark::Interpreter& in, TiltfileState& state, Predeclared& names);
// read_yaml, read_yaml_stream, decode_yaml(_stream), encode_yaml(_stream)
// (yaml.cc).
void add_yaml_api(starlark::Interpreter& in, TiltfileState& state, Predeclared& names);

// docker_build, custom_build (docker_build.cc); sync, run, fall_back_on,
// restart_container, initial_sync (live_update.cc); k8s_yaml (k8s_yaml.cc);
// k8s_resource, port_forward, workload_to_resource_function
// (k8s_resource.cc); k8s_custom_deploy (k8s_custom_deploy.cc);
// docker_compose, dc_resource (docker_compose.cc).
void add_image_api(starlark::Interpreter& in, TiltfileState& state, Predeclared& names);
void add_live_update_api(starlark::Interpreter& in, TiltfileState& state, Predeclared& names);
void add_k8s_yaml_api(starlark::Interpreter& in, TiltfileState& state, Predeclared& names);
void add_k8s_resource_api(starlark::Interpreter& in, TiltfileState& state, Predeclared& names);
void add_k8s_custom_deploy_api(starlark::Interpreter& in, TiltfileState& state, Predeclared& names);
void add_docker_compose_api(starlark::Interpreter& in, TiltfileState& state, Predeclared& names);

}  // namespace pitch::tiltfile
