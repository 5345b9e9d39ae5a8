export 'src/protocol/client.dart';
