CREATE TABLE "Artist" (
    "ArtistId" INTEGER NOT NULL CONSTRAINT "PK_Artist" PRIMARY KEY AUTOINCREMENT,
    "Name" NVARCHAR(120) NULL
);


CREATE TABLE "Employee" (
    "EmployeeId" INTEGER NOT NULL CONSTRAINT "PK_Employee" PRIMARY KEY AUTOINCREMENT,
    "LastName" NVARCHAR(20) NOT NULL,
    "FirstName" NVARCHAR(20) NOT NULL,
    "Title" NVARCHAR(30) NULL,
    "ReportsTo" INTEGER NULL,
    "BirthDate" DATETIME NULL,
    "HireDate" DATETIME NULL,
    "Address" NVARCHAR(70) NULL,
    "City" NVARCHAR(40) NULL,
    "State" NVARCHAR(40) NULL,
    "Country" NVARCHAR(40) NULL,
    "PostalCode" NVARCHAR(10) NULL,
    "Phone" NVARCHAR(24) NULL,
    "Fax" NVARCHAR(24) NULL,
    "Email" NVARCHAR(60) NULL,
    CONSTRAINT "FK_EmployeeReportsTo" FOREIGN KEY ("ReportsTo") REFERENCES "Employee" ("EmployeeId")
);


CREATE TABLE "Genre" (
    "GenreId" INTEGER NOT NULL CONSTRAINT "PK_Genre" PRIMARY KEY AUTOINCREMENT,
    "Name" NVARCHAR(120) NULL
);


CREATE TABLE "MediaType" (
    "MediaTypeId" INTEGER NOT NULL CONSTRAINT "PK_MediaType" PRIMARY KEY AUTOINCREMENT,
    "Name" NVARCHAR(120) NULL
);


CREATE TABLE "Playlist" (
    "PlaylistId" INTEGER NOT NULL CONSTRAINT "PK_Playlist" PRIMARY KEY AUTOINCREMENT,
    "Name" NVARCHAR(120) NULL
);


CREATE TABLE "Album" (
    "AlbumId" INTEGER NOT NULL CONSTRAINT "PK_Album" PRIMARY KEY AUTOINCREMENT,
    "Title" NVARCHAR(160) NOT NULL,
    "ArtistId" INTEGER NOT NULL,
    CONSTRAINT "FK_AlbumArtistId" FOREIGN KEY ("ArtistId") REFERENCES "Artist" ("ArtistId")
);


CREATE TABLE "Customer" (
    "CustomerId" INTEGER NOT NULL CONSTRAINT "PK_Customer" PRIMARY KEY AUTOINCREMENT,
    "FirstName" NVARCHAR(40) NOT NULL,
    "LastName" NVARCHAR(20) NOT NULL,
    "Company" NVARCHAR(80) NULL,
    "Address" NVARCHAR(70) NULL,
    "City" NVARCHAR(40) NULL,
    "State" NVARCHAR(40) NULL,
    "Country" NVARCHAR(40) NULL,
    "PostalCode" NVARCHAR(10) NULL,
    "Phone" NVARCHAR(24) NULL,
    "Fax" NVARCHAR(24) NULL,
    "Email" NVARCHAR(60) NOT NULL,
    "SupportRepId" INTEGER NULL,
    CONSTRAINT "FK_CustomerSupportRepId" FOREIGN KEY ("SupportRepId") REFERENCES "Employee" ("EmployeeId")
);


CREATE TABLE "Track" (
    "TrackId" INTEGER NOT NULL CONSTRAINT "PK_Track" PRIMARY KEY AUTOINCREMENT,
    "Name" NVARCHAR(200) NOT NULL,
    "AlbumId" INTEGER NULL,
    "MediaTypeId" INTEGER NOT NULL,
    "GenreId" INTEGER NULL,
    "Composer" NVARCHAR(220) NULL,
    "Milliseconds" INTEGER NOT NULL,
    "Bytes" INTEGER NULL,
    "UnitPrice" NUMERIC(10,2) NOT NULL,
    CONSTRAINT "FK_TrackAlbumId" FOREIGN KEY ("AlbumId") REFERENCES "Album" ("AlbumId"),
    CONSTRAINT "FK_TrackGenreId" FOREIGN KEY ("GenreId") REFERENCES "Genre" ("GenreId"),
    CONSTRAINT "FK_TrackMediaTypeId" FOREIGN KEY ("MediaTypeId") REFERENCES "MediaType" ("MediaTypeId")
);


CREATE TABLE "Invoice" (
    "InvoiceId" INTEGER NOT NULL CONSTRAINT "PK_Invoice" PRIMARY KEY AUTOINCREMENT,
    "CustomerId" INTEGER NOT NULL,
    "InvoiceDate" DATETIME NOT NULL,
    "BillingAddress" NVARCHAR(70) NULL,
    "BillingCity" NVARCHAR(40) NULL,
    "BillingState" NVARCHAR(40) NULL,
    "BillingCountry" NVARCHAR(40) NULL,
    "BillingPostalCode" NVARCHAR(10) NULL,
    "Total" NUMERIC(10,2) NOT NULL,
    CONSTRAINT "FK_InvoiceCustomerId" FOREIGN KEY ("CustomerId") REFERENCES "Customer" ("CustomerId")
);


CREATE TABLE "PlaylistTrack" (
    "PlaylistId" INTEGER NOT NULL,
    "TrackId" INTEGER NOT NULL,
    CONSTRAINT "PK_PlaylistTrack" PRIMARY KEY ("PlaylistId", "TrackId"),
    CONSTRAINT "FK_PlaylistTrackPlaylistId" FOREIGN KEY ("PlaylistId") REFERENCES "Playlist" ("PlaylistId"),
    CONSTRAINT "FK_PlaylistTrackTrackId" FOREIGN KEY ("TrackId") REFERENCES "Track" ("TrackId")
);


CREATE TABLE "InvoiceLine" (
    "InvoiceLineId" INTEGER NOT NULL CONSTRAINT "PK_InvoiceLine" PRIMARY KEY AUTOINCREMENT,
    "InvoiceId" INTEGER NOT NULL,
    "TrackId" INTEGER NOT NULL,
    "UnitPrice" NUMERIC(10,2) NOT NULL,
    "Quantity" INTEGER NOT NULL,
    CONSTRAINT "FK_InvoiceLineInvoiceId" FOREIGN KEY ("InvoiceId") REFERENCES "Invoice" ("InvoiceId"),
    CONSTRAINT "FK_InvoiceLineTrackId" FOREIGN KEY ("TrackId") REFERENCES "Track" ("TrackId")
);


CREATE INDEX "IFK_AlbumArtistId" ON "Album" ("ArtistId");


CREATE INDEX "IFK_CustomerSupportRepId" ON "Customer" ("SupportRepId");


CREATE INDEX "IFK_EmployeeReportsTo" ON "Employee" ("ReportsTo");


CREATE INDEX "IFK_InvoiceCustomerId" ON "Invoice" ("CustomerId");


CREATE INDEX "IFK_InvoiceLineInvoiceId" ON "InvoiceLine" ("InvoiceId");


CREATE INDEX "IFK_InvoiceLineTrackId" ON "InvoiceLine" ("TrackId");


CREATE INDEX "IFK_PlaylistTrackPlaylistId" ON "PlaylistTrack" ("PlaylistId");


CREATE INDEX "IFK_PlaylistTrackTrackId" ON "PlaylistTrack" ("TrackId");


CREATE INDEX "IFK_TrackAlbumId" ON "Track" ("AlbumId");


CREATE INDEX "IFK_TrackGenreId" ON "Track" ("GenreId");


CREATE INDEX "IFK_TrackMediaTypeId" ON "Track" ("MediaTypeId");


