void run(List<String> args) {}
