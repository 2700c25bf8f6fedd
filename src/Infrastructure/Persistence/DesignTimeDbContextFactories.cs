using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace CleanProxy.Infrastructure.Persistence;

/// <summary>Lets <c>dotnet ef migrations add … --context …</c> build each provider's model without the web host.</summary>
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteCleanProxyDbContext>
{
    public SqliteCleanProxyDbContext CreateDbContext(string[] args)
        => new(new DbContextOptionsBuilder<SqliteCleanProxyDbContext>().UseSqlite("Data Source=design.db").Options);
}

internal sealed class SqlServerDesignTimeFactory : IDesignTimeDbContextFactory<SqlServerCleanProxyDbContext>
{
    public SqlServerCleanProxyDbContext CreateDbContext(string[] args)
        => new(new DbContextOptionsBuilder<SqlServerCleanProxyDbContext>().UseSqlServer("Server=design;Database=CleanProxy").Options);
}
