using EchoMcpServer;

EchoMcpServerApp.Build(args).Run();
