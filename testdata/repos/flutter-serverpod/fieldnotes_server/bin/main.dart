import 'package:fieldnotes_server/server.dart';

void main(List<String> args) => run(args);
