// The dev stack: the development identity provider, the sample MCP server and CleanProxy in one process, on fixed
// loopback ports. `dotnet run --project samples/DevStack` from the repository root; Ctrl+C stops all three.
return await DevStack.DevStackHost.RunAsync(args);
