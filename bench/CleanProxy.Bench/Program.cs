using CleanProxy.Bench;

var iterations = args.Length > 0 && int.TryParse(args[0], out var n) ? n : 1000;
return await HotPathBenchmark.RunAsync(iterations);
